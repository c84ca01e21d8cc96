/**
 * The return (RMA) state machine, as data. A return is authorised for shipped goods,
 * received (each unit restocked or written off), then refunded; or cancelled before
 * anything came back. Allowed actions, the UI's buttons and the reachability test are
 * derived from this table.
 */

export const returnStatuses = ['authorized', 'received', 'refunded', 'cancelled'] as const
export type ReturnStatus = (typeof returnStatuses)[number]

export interface ReturnFacts {
  status: ReturnStatus
  /** Units that came back, over all lines. */
  received: number
}

type Guard = (r: ReturnFacts) => string | undefined

export interface ReturnAction {
  label: string
  from: readonly ReturnStatus[]
  to: ReturnStatus
  guard?: Guard
}

const somethingReceived: Guard = (r) => (r.received > 0 ? undefined : 'Nothing came back: cancel the return instead')

export const returnActions = {
  receive: { label: 'Receive', from: ['authorized'], to: 'received' },
  refund: { label: 'Refund', from: ['received'], to: 'refunded', guard: somethingReceived },
  cancel: { label: 'Cancel return', from: ['authorized'], to: 'cancelled' },
} as const satisfies Record<string, ReturnAction>

export const initialReturnStatus: ReturnStatus = 'authorized'

export type ReturnActionName = keyof typeof returnActions
export const returnActionNames = Object.keys(returnActions) as ReturnActionName[]
export const isReturnAction = (name: string): name is ReturnActionName => Object.hasOwn(returnActions, name)

/** Why the action cannot run now, or undefined when it can. */
export function returnRefusalOf(name: ReturnActionName, r: ReturnFacts): string | undefined {
  const action: ReturnAction = returnActions[name]
  if (!action.from.includes(r.status)) return `"${name}" is not possible while the return is ${r.status}`
  return action.guard?.(r)
}

export const allowedReturnActions = (r: ReturnFacts): ReturnActionName[] =>
  returnActionNames.filter((name) => returnRefusalOf(name, r) === undefined)
