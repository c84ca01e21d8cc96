import { describe, expect, it } from 'vitest'
import { nextState, reachable } from '../drafts/machine.ts'
import { consultationMachine, consultationStatuses } from './consultation.machine.ts'

describe('consultation machine', () => {
  it('reaches every state from pending confirmation', () => {
    expect([...reachable(consultationMachine, 'pending_confirmation')].sort()).toEqual([...consultationStatuses].sort())
  })
  it('done and cancelled are final, but still take notes', () => {
    for (const s of ['done', 'cancelled'] as const) expect(reachable(consultationMachine, s)).toEqual(new Set([s]))
    expect(nextState(consultationMachine, 'consultation', 'note', 'done')).toBe('done')
    expect(() => nextState(consultationMachine, 'consultation', 'convert', 'done')).toThrow(/cannot/)
  })
})
