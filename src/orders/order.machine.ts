/**
 * The order state machine, as data. Each action lists the states it starts from, the
 * states it can lead to, a guard that gives the reason it is not possible now (or
 * nothing), and `next`, which picks the target once the action's effects (payment,
 * stock) have run. Allowed actions, the reachability test
 * and the docs are all derived from this table.
 */
import type { PaymentStatus } from '../payments/payment-status.ts'
import { settledDelivery, type DeliveryStatus } from './delivery.machine.ts'

export const orderStatuses = [
  'awaiting_approval', 'awaiting_payment', 'in_progress', 'partially_shipped', 'completed', 'cancelled', 'returned',
] as const
export type OrderStatus = (typeof orderStatuses)[number]

export const paymentMethods = ['card', 'bank_transfer', 'phone', 'cash_on_delivery', 'invoice'] as const
export type PaymentMethod = (typeof paymentMethods)[number]

/** Paid before fulfilment, outside any gateway: the order waits for staff to confirm the money. */
export const offlinePrepaid = (m: PaymentMethod) => m === 'bank_transfer' || m === 'phone'
export const isOffline = (m: PaymentMethod) => m !== 'card'

/** What the guards may look at. */
export interface OrderFacts {
  status: OrderStatus
  paymentStatus: PaymentStatus
  paymentMethod: PaymentMethod
  /** Still to be paid by the customer. */
  outstanding: number
  /** The part of `outstanding` that no open card authorisation will capture. */
  uncovered: number
  deliveries: { status: DeliveryStatus; awaitingPayment: boolean }[]
  /**
   * The card payment asked at placement has no recorded answer yet (two-phase.ts): money
   * recorded or taken back by hand now, or an order cancelled now, could be taken by the card
   * as well (and a refund of it that failed would leave a cancelled order holding money).
   */
  cardAnswerPending?: boolean
}

type Guard = (o: OrderFacts) => string | undefined

export interface OrderAction {
  from: readonly OrderStatus[]
  targets: readonly OrderStatus[]
  guard?: Guard
  next: (o: OrderFacts) => OrderStatus
  /** Shown on the button and in the docs. */
  label: string
}

const goneOut = new Set<DeliveryStatus>(['shipped', 'delivered'])
const nothingShipped: Guard = (o) =>
  o.deliveries.some((d) => goneOut.has(d.status)) ? 'A delivery has already been shipped: use return instead' : undefined
const somethingOpen: Guard = (o) =>
  o.deliveries.some((d) => !settledDelivery.has(d.status)) ? undefined : 'Every delivery has gone out or was cancelled'
const somethingShipped: Guard = (o) =>
  o.deliveries.some((d) => goneOut.has(d.status)) ? undefined : 'Nothing has been shipped yet: use cancel instead'
const offlineOutstanding: Guard = (o) => {
  if (!isOffline(o.paymentMethod)) return 'Card payments are confirmed by the payment gateway'
  return o.outstanding > 0 ? undefined : 'Nothing is outstanding'
}
/** An override is for money the gateway will not bring: a failed capture, or a payment it never confirmed. */
const somethingUnpaid: Guard = (o) =>
  o.uncovered > 0 || o.deliveries.some((d) => d.awaitingPayment) ? undefined : 'Nothing is outstanding that the gateway will not capture'
export const cardAnswerPendingMessage = 'The card payment is being asked of the payment gateway: wait for its answer'
const cardAnswered: Guard = (o) => (o.cardAnswerPending ? cardAnswerPendingMessage : undefined)
/** Both guards must pass: the first refusal is given. */
const both = (a: Guard, b: Guard): Guard => (o) => a(o) ?? b(o)
const notYetAdvised: Guard = (o) => {
  if (!isOffline(o.paymentMethod)) return 'Card payments are confirmed by the payment gateway'
  return o.paymentStatus === 'unpaid' && o.outstanding > 0 ? undefined : 'Only an unpaid order can be advised'
}
const stay = (o: OrderFacts) => o.status
const payingStates = ['awaiting_payment', 'in_progress', 'partially_shipped', 'completed'] as const
const payingTargets = ['awaiting_payment', 'in_progress', 'partially_shipped', 'completed'] as const
/**
 * Once paid in full, an order that waits for its money is set going; otherwise nothing
 * moves. Evaluated after the payment is recorded.
 */
const startIfPaid = (o: OrderFacts): OrderStatus =>
  (o.status === 'awaiting_payment' && o.outstanding === 0 ? 'in_progress' : o.status)

export const orderActions = {
  approve: {
    label: 'Approve',
    from: ['awaiting_approval'],
    targets: ['awaiting_payment', 'in_progress'],
    // Bank transfer and phone orders still wait for their money after approval.
    next: (o) => (offlinePrepaid(o.paymentMethod) && o.outstanding > 0 ? 'awaiting_payment' : 'in_progress'),
  },
  'confirm-payment': {
    label: 'Confirm payment', from: payingStates, targets: payingTargets, guard: offlineOutstanding, next: startIfPaid,
  },
  'advise-payment': {
    label: 'Payment advised', from: payingStates, targets: payingStates, guard: notYetAdvised, next: stay,
  },
  'override-payment': {
    label: 'Override payment', from: payingStates, targets: payingTargets, guard: both(cardAnswered, somethingUnpaid), next: startIfPaid,
  },
  'cancel-lines': {
    label: 'Cancel lines',
    from: ['awaiting_approval', 'awaiting_payment', 'in_progress', 'partially_shipped'],
    targets: ['awaiting_approval', 'awaiting_payment', 'in_progress', 'partially_shipped', 'completed'],
    guard: both(cardAnswered, somethingOpen),
    // Cancelling the last open lines of an order whose other deliveries arrived completes it.
    next: (o) => statusFromDeliveries(o.status, o.deliveries),
  },
  cancel: {
    label: 'Cancel',
    from: ['awaiting_approval', 'awaiting_payment', 'in_progress'],
    targets: ['cancelled'],
    guard: both(cardAnswered, nothingShipped),
    next: () => 'cancelled',
  },
  return: {
    label: 'Return',
    from: ['partially_shipped', 'completed'],
    targets: ['returned'],
    guard: somethingShipped,
    next: () => 'returned',
  },
} as const satisfies Record<string, OrderAction>

/** The moves the system makes by itself, for the diagram and the reachability test. */
export const orderSystemSteps = {
  place: { from: [], targets: ['awaiting_approval', 'awaiting_payment', 'in_progress', 'cancelled'] },
  deliveries: { from: ['in_progress', 'partially_shipped'], targets: ['partially_shipped', 'completed'] },
} as const satisfies Record<string, { from: readonly OrderStatus[]; targets: readonly OrderStatus[] }>

export type OrderActionName = keyof typeof orderActions
export const orderActionNames = Object.keys(orderActions) as OrderActionName[]
export const isOrderAction = (name: string): name is OrderActionName => Object.hasOwn(orderActions, name)

/** Why the action cannot run now, or undefined when it can. */
export function refusalOf(name: OrderActionName, o: OrderFacts): string | undefined {
  const action: OrderAction = orderActions[name]
  if (!action.from.includes(o.status)) return `"${name}" is not possible while the order is ${o.status}`
  return action.guard?.(o)
}

export const allowedOrderActions = (o: OrderFacts): OrderActionName[] =>
  orderActionNames.filter((name) => refusalOf(name, o) === undefined)

/**
 * Where an order's deliveries put it: partially shipped while some are out,
 * completed when every live one is delivered. Only for orders under way.
 */
export function statusFromDeliveries(current: OrderStatus, deliveries: { status: DeliveryStatus }[]): OrderStatus {
  if (current !== 'in_progress' && current !== 'partially_shipped' && current !== 'completed') return current
  const live = deliveries.filter((d) => d.status !== 'cancelled' && d.status !== 'returned')
  if (live.length > 0 && live.every((d) => d.status === 'delivered')) return 'completed'
  if (live.some((d) => goneOut.has(d.status))) return 'partially_shipped'
  return 'in_progress'
}
