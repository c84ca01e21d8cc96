import { CompiledQuery } from 'kysely'
import { describe, expect, it } from 'vitest'
import { fillingIn, NumberAtWrite } from './number-at-write.ts'

const counter = (() => { throw new Error('not built here') }) as unknown as NumberAtWrite['counter']

describe('a number taken by the write', () => {
  it('fills the number into each parameter that holds the stand-in, text as text and JSON as jsonb', () => {
    const number = new NumberAtWrite(counter)
    const parameters: unknown[] = Array.from({ length: 12 }, (_, i) => `v${i + 1}`)
    parameters[0] = number.standIn
    parameters[10] = `invoice ${number.standIn} issued`
    parameters[11] = JSON.stringify({ number: number.standIn })
    const compiled = fillingIn(CompiledQuery.raw('insert into t values ($1, $2, $11, $12)', parameters), number)
    const fill = (n: number) => `replace($${n}::text, $13, (select "number" from "taken_number"))`
    // $1 is not the start of $11 or $12.
    expect(compiled.sql).toBe(`insert into t values (${fill(1)}, $2, ${fill(11)}, ${fill(12)}::jsonb)`)
    expect(compiled.parameters).toEqual([...parameters, number.standIn])
  })

  it('hands the number to those waiting for it, once', () => {
    const number = new NumberAtWrite(counter)
    const seen: string[] = []
    number.whenTaken((n) => seen.push(n))
    number.whenTaken((n) => seen.push(`again ${n}`))
    number.taken('INV-7')
    number.taken('INV-8')
    expect(seen).toEqual(['INV-7', 'again INV-7'])
  })

  it('gives every change a stand-in of its own', () => {
    expect(new NumberAtWrite(counter).standIn).not.toBe(new NumberAtWrite(counter).standIn)
  })
})
