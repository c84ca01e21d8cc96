import { describe, expect, it } from 'vitest'
import { nextState, reachable } from '../drafts/machine.ts'
import { quoteMachine, quoteStatuses } from './quote.machine.ts'

describe('quote machine', () => {
  it('reaches every state from requested', () => {
    expect([...reachable(quoteMachine, 'requested')].sort()).toEqual([...quoteStatuses].sort())
  })
  it('rejected, expired and ordered are final', () => {
    for (const s of ['rejected', 'expired', 'ordered'] as const) expect(reachable(quoteMachine, s)).toEqual(new Set([s]))
  })
  it('only an accepted quote becomes an order', () => {
    expect(nextState(quoteMachine, 'quote', 'order', 'accepted')).toBe('ordered')
    expect(() => nextState(quoteMachine, 'quote', 'order', 'proposed')).toThrow(/cannot/)
  })
})
