/**
 * Runs an order action, the one way an order's status changes by hand. In one
 * transaction and in this order: lock the order, check the guard, apply the effects
 * (payment, stock), write the new state, append the history, enqueue the events.
 */
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import type { PaymentGateway } from '../payments/gateway.ts'
import { outstandingOf, pay } from '../payments/payment.service.ts'
import { cancelOpenDeliveries, deliverElectronic, returnShippedDeliveries, settlePayments, startFulfilment } from './fulfilment.ts'
import { Journal, type Notes } from './journal.ts'
import { cancelLines, type LineCancellation } from './cancel-lines.ts'
import { factsOf, finishChange, isPaid, moveOrder, type ChangeContext } from './order-change.ts'
import { isOrderAction, orderActions, refusalOf, allowedOrderActions, type OrderAction, type OrderActionName } from './order.machine.ts'
import { loadOrderFor, type OrderState } from './order.repo.ts'
import { hasOpenReturns } from '../returns/return.repo.ts'
import { beforeOrderRefund } from '../vouchers/order-items.ts'

export interface OrderActionInput extends Notes {
  /** Why a payment is overridden (required for override-payment). */
  reason?: string
  /** Amount received, for confirm-payment; all that is outstanding when left out. */
  amount?: number
  /** Which lines, and how many of each, for cancel-lines. */
  lines?: LineCancellation[]
  /** false: no e-mail to the customer about this action (the events still go out, marked). */
  notifyCustomer?: boolean
}

/** The outcome of a change that may have to be refused after a payment attempt was recorded. */
/** On success, the order as the change left it (saved), so the answer needs no second read. */
export type Outcome = { ok: true; orderId: string; order: OrderState } | { ok: false; orderId: string; error: DomainError }

type Effect = (ctx: ChangeContext, order: OrderState, input: OrderActionInput) => Promise<DomainError | undefined>

const effects: Record<OrderActionName, Effect> = {
  approve: async (ctx, order) => {
    const o = order.row
    // Held card orders were only authorised; an order meant to be paid at once is captured on approval.
    if (o.payment_method === 'card' && o.capture_mode === 'immediate' && outstandingOf(order) > 0) {
      const r = await pay(ctx, order, { operation: 'CAPTURE', amount: outstandingOf(order) })
      if (r.status !== 'succeeded') {
        return new DomainError(r.status === 'declined' ? 'payment_declined' : 'payment_failed',
          `The capture was ${r.status}: ${r.message ?? 'no reason given'}`, { orderId: o.id })
      }
    }
    return undefined
  },
  'confirm-payment': async (ctx, order, input) => {
    const owed = outstandingOf(order)
    const amount = input.amount ?? owed
    if (amount > owed) throw new DomainError('validation_failed', `Only ${owed} is outstanding`, { errors: [{ path: 'amount', message: `at most ${owed}` }] })
    await pay(ctx, order, { operation: 'OFFLINE', amount, message: input.note ?? 'Payment received' })
    return undefined
  },
  'advise-payment': async (ctx, order) => {
    order.row.payment_advised = true
    order.row.payment_status = 'advised'
    ctx.journal.event('payment.advised', order.row.id, order.row.shop_code)
    return undefined
  },
  'override-payment': async (ctx, order, input) => {
    const owed = outstandingOf(order)
    if (owed > 0) await pay(ctx, order, { operation: 'OVERRIDE', amount: owed, message: input.reason })
    for (const d of order.deliveries.filter((x) => x.row.awaiting_payment)) { d.row.awaiting_payment = false; d.changed = true }
    return undefined
  },
  'cancel-lines': (ctx, order, input) => cancelLines(ctx, order, input.lines, input),
  cancel: async (ctx, order, input) => {
    const failure = await settlePayments(ctx, order)
    if (failure) return failure
    await cancelOpenDeliveries(ctx, order, 'cancel', input)
    return undefined
  },
  return: async (ctx, order, input) => {
    if (await hasOpenReturns(ctx.trx, order.row.id)) {
      throw new DomainError('transition_not_allowed', 'This order has returns by line: take the rest back with a return (RMA) too', { currentStatus: order.row.status })
    }
    const failure = await settlePayments(ctx, order)
    if (failure) return failure
    await returnShippedDeliveries(ctx, order, input)
    await cancelOpenDeliveries(ctx, order, 'return', input)
    return undefined
  },
}

const underWay = new Set(['in_progress', 'partially_shipped', 'completed'])

export async function runOrderAction(
  trx: Database, gateway: PaymentGateway, actor: Actor, orderId: string, name: string, input: OrderActionInput,
): Promise<Outcome> {
  if (!isOrderAction(name)) throw new DomainError('unknown_action', `There is no order action "${name}"`, { actions: Object.keys(orderActions) })
  if (name === 'override-payment' && !input.reason?.trim()) {
    throw new DomainError('validation_failed', 'An override needs a reason', { errors: [{ path: 'reason', message: 'is required' }] })
  }
  const order = await loadOrderFor(actor, trx, orderId, true)
  const refusal = refusalOf(name, factsOf(order))
  if (refusal) {
    throw new DomainError('transition_not_allowed', refusal, { currentStatus: order.row.status, allowedActions: allowedOrderActions(factsOf(order)) })
  }
  const ctx: ChangeContext = { trx, gateway, journal: new Journal(actor) }
  const paidBefore = isPaid(order)
  const notes = { note: input.note ?? input.reason, clientNote: input.clientNote }

  if (name === 'cancel' || name === 'return') await beforeOrderRefund(ctx, order)
  const failure = await effects[name](ctx, order, input)
  if (failure) {
    ctx.journal.entry(order.row.id, 'action_failed', { action: name, from: order.row.status, to: order.row.status, note: failure.message })
    await finishChange(ctx, order, paidBefore)
    return { ok: false, orderId, error: failure }
  }

  const action: OrderAction = orderActions[name]
  const from = order.row.status
  const to = action.next(factsOf(order))
  if (!action.targets.includes(to)) throw new Error(`order machine: ${name} from ${from} chose ${to}, not one of its targets`)
  // An action that moves nothing still leaves its trace, unless its effect already wrote one.
  const traced = ctx.journal.history.some((h) => h.action === name)
  if (from === to && !traced) ctx.journal.entry(order.row.id, 'action', { action: name, from, to, ...notes })
  moveOrder(ctx, order, to, name, notes)
  if (name === 'approve') ctx.journal.event('order.approved', order.row.id, order.row.shop_code)
  if (!underWay.has(from) && to === 'in_progress') await startFulfilment(ctx, order)
  else if (name === 'override-payment') await deliverElectronic(ctx, order)

  if (input.notifyCustomer === false) quietForCustomer(ctx)
  await finishChange(ctx, order, paidBefore)
  return { ok: true, orderId, order }
}

/** Marks the action's events so no customer e-mail is sent for them (seed 003: the cancellation mail is optional). */
function quietForCustomer(ctx: ChangeContext): void {
  for (const e of ctx.journal.events) e.payload = JSON.stringify({ ...JSON.parse(e.payload), notifyCustomer: false })
}
