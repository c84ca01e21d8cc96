import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import pino from 'pino'
import { paymentsAfterResponse, prefersAsync } from './respond-async.ts'

describe('prefersAsync', () => {
  it('reads respond-async among other preferences, in any case, with or without parameters', () => {
    expect(prefersAsync('respond-async')).toBe(true)
    expect(prefersAsync('return=minimal, Respond-Async')).toBe(true)
    expect(prefersAsync(['wait=10', 'respond-async; foo=bar'])).toBe(true)
    expect(prefersAsync('respond-asynchronously')).toBe(false)
    expect(prefersAsync('return=representation')).toBe(false)
    expect(prefersAsync(undefined)).toBe(false)
  })
})

describe('paymentsAfterResponse', () => {
  it('settles only once every payment started, even one started while waiting, has ended; a failure is logged', async () => {
    const logged: string[] = []
    const log = pino({ level: 'warn' }, { write: (line: string) => { logged.push(JSON.parse(line).orderId) } })
    const later = paymentsAfterResponse(log)
    const ended: string[] = []
    later.start('a', async () => { await sleep(60); ended.push('a') })
    later.start('b', async () => { await sleep(10); later.start('c', async () => { await sleep(80); ended.push('c') }); throw new Error('gateway gone') })
    await later.settled()
    expect(ended.sort()).toEqual(['a', 'c'])
    expect(logged).toEqual(['b'])
  })
})
