/** A request for quote's life (A18): the customer asks, the shop proposes prices, the customer decides. */
import { allowedActions, type Machine } from '../drafts/machine.ts'

export const quoteStatuses = ['requested', 'proposed', 'accepted', 'rejected', 'expired', 'ordered'] as const
export type QuoteStatus = (typeof quoteStatuses)[number]

export const quoteMachine = {
  propose: { from: ['requested', 'proposed'], to: 'proposed' },
  accept: { from: ['proposed'], to: 'accepted' },
  reject: { from: ['requested', 'proposed'], to: 'rejected' },
  expire: { from: ['proposed'], to: 'expired' },
  order: { from: ['accepted'], to: 'ordered' },
} as const satisfies Machine<QuoteStatus, string>

export type QuoteAction = keyof typeof quoteMachine
export const quoteActionNames = Object.keys(quoteMachine) as QuoteAction[]
export const quoteActionsFrom = (s: QuoteStatus) => allowedActions<QuoteStatus, QuoteAction>(quoteMachine, s)
