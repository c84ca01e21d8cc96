/**
 * A draft order's life (A16, A17). `held` keeps stock reserved until its time runs out;
 * `handed_back` waits for the customer to finish it with a code. Assigning keeps the state.
 */
import { allowedActions, type Machine } from './machine.ts'

export const draftStatuses = ['open', 'held', 'handed_back', 'placed', 'discarded'] as const
export type DraftStatus = (typeof draftStatuses)[number]
const live = ['open', 'held', 'handed_back'] as const

export const draftMachine = {
  hold: { from: ['open', 'held'], to: 'held' },
  release: { from: ['held'], to: 'open' },
  assign: { from: live, to: null },
  'hand-back': { from: ['open', 'held'], to: 'handed_back' },
  place: { from: live, to: 'placed' },
  discard: { from: live, to: 'discarded' },
} as const satisfies Machine<DraftStatus, string>

export type DraftAction = keyof typeof draftMachine
export const draftActionNames = Object.keys(draftMachine) as DraftAction[]
export const draftActionsFrom = (s: DraftStatus) => allowedActions<DraftStatus, DraftAction>(draftMachine, s)
export const editable = (s: string) => (live as readonly string[]).includes(s)
