import { describe, expect, it } from 'vitest'
import { draftMachine, draftStatuses } from './draft.machine.ts'
import { nextState, reachable } from './machine.ts'

describe('draft machine', () => {
  it('reaches every state from open', () => {
    expect([...reachable(draftMachine, 'open')].sort()).toEqual([...draftStatuses].sort())
  })
  it('placed and discarded are final', () => {
    for (const s of ['placed', 'discarded'] as const) expect(reachable(draftMachine, s)).toEqual(new Set([s]))
  })
  it('assign keeps the state; a placed draft cannot be placed again', () => {
    expect(nextState(draftMachine, 'draft', 'assign', 'held')).toBe('held')
    expect(() => nextState(draftMachine, 'draft', 'place', 'placed')).toThrow(/cannot/)
  })
})
