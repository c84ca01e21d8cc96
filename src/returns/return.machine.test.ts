import { describe, expect, it } from 'vitest'
import {
  allowedReturnActions, initialReturnStatus, returnActionNames, returnActions, returnRefusalOf, returnStatuses, type ReturnStatus,
} from './return.machine.ts'

describe('the return machine', () => {
  it('reaches every status from authorized', () => {
    const edges = Object.values(returnActions).flatMap((a) => a.from.map((f): [ReturnStatus, ReturnStatus] => [f, a.to]))
    const reached = new Set<ReturnStatus>([initialReturnStatus])
    for (let grew = true; grew;) {
      grew = false
      for (const [f, t] of edges) if (reached.has(f) && !reached.has(t)) { reached.add(t); grew = true }
    }
    expect([...reached].sort()).toEqual([...returnStatuses].sort())
  })

  it('offers exactly the actions whose state and guard allow them; ended returns offer none', () => {
    for (const status of returnStatuses)
      for (const received of [0, 2]) {
        const allowed = allowedReturnActions({ status, received })
        for (const name of returnActionNames) {
          const expected = returnActions[name].from.includes(status as never) && returnRefusalOf(name, { status, received }) === undefined
          expect(allowed.includes(name)).toBe(expected)
        }
        if (status === 'refunded' || status === 'cancelled') expect(allowed).toEqual([])
      }
    expect(allowedReturnActions({ status: 'authorized', received: 0 })).toEqual(['receive', 'cancel'])
    expect(allowedReturnActions({ status: 'received', received: 0 })).toEqual([])
    expect(allowedReturnActions({ status: 'received', received: 1 })).toEqual(['refund'])
  })
})
