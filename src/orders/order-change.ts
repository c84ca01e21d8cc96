/**
 * The common steps of every change to an order: moving its status with a history entry
 * and an event, following its deliveries, and writing everything back at the end.
 */
import type { Database } from '../db/database.ts'
import type { PaymentGateway } from '../payments/gateway.ts'
import { outstandingOf, uncapturedAuthorization } from '../payments/payment.service.ts'
import { issueDueDocuments } from '../documents/issue-documents.ts'
import type { EventType } from './events.ts'
import type { Journal, Notes } from './journal.ts'
import type { SellerProfile } from '../shops/shop-profile.ts'
import { statusFromDeliveries, type OrderFacts, type OrderStatus } from './order.machine.ts'
import { orderUpdates, type DeliveryState, type OrderState } from './order.repo.ts'
import type { DeliveryStatus } from './delivery.machine.ts'
import { followOrderItems } from '../vouchers/order-items.ts'

export interface ChangeContext {
  trx: Database
  gateway: PaymentGateway
  journal: Journal
  /** The shop's seller profile, when the change read it with the order (lockAttempt). */
  seller?: SellerProfile
}

const statusEvents: Partial<Record<OrderStatus, EventType>> = {
  awaiting_approval: 'order.approval_required',
  awaiting_payment: 'order.awaiting_payment',
  in_progress: 'order.in_progress',
  partially_shipped: 'order.partially_shipped',
  completed: 'order.completed',
  cancelled: 'order.cancelled',
  returned: 'order.returned',
}

export function factsOf(order: OrderState): OrderFacts {
  return {
    status: order.row.status,
    paymentStatus: order.row.payment_status,
    paymentMethod: order.row.payment_method,
    outstanding: outstandingOf(order),
    uncovered: Math.max(0, outstandingOf(order) - uncapturedAuthorization(order)),
    deliveries: order.deliveries.map((d) => ({ status: d.row.status, awaitingPayment: d.row.awaiting_payment })),
    cardAnswerPending: order.cardAnswerPending === true,
  }
}

/** Moves the order to `to`, with its history entry and event; nothing when it is there already. */
export function moveOrder(ctx: ChangeContext, order: OrderState, to: OrderStatus, action: string, notes: Notes = {}): void {
  const from = order.row.status
  if (from === to) return
  order.row.status = to
  ctx.journal.entry(order.row.id, 'transition', { action, from, to, ...notes })
  const event = statusEvents[to]
  if (event) ctx.journal.event(event, order.row.id, order.row.shop_code, { from, to, clientNote: notes.clientNote ?? null })
}

export function moveDelivery(ctx: ChangeContext, order: OrderState, d: DeliveryState, to: DeliveryStatus, action: string, notes: Notes = {}): void {
  const from = d.row.status
  if (from === to) return
  d.row.status = to
  d.changed = true
  ctx.journal.entry(order.row.id, 'delivery', { action, from, to, deliveryId: d.row.id, ...notes })
  const event = `delivery.${to}` as EventType
  ctx.journal.event(event, order.row.id, order.row.shop_code, {
    deliveryId: d.row.id, deliveryNumber: d.row.number, from, to, clientNote: notes.clientNote ?? null,
  })
}

/** An order under way follows its deliveries: partially shipped, then completed. */
export function followDeliveries(ctx: ChangeContext, order: OrderState): void {
  const to = statusFromDeliveries(order.row.status, order.deliveries.map((d) => d.row))
  moveOrder(ctx, order, to, 'deliveries')
}

/**
 * Ends a change: issues the documents the change calls for (the invoice takes the shop's
 * gap-free number, so it comes last), announces a first full payment, and writes everything.
 */
export async function finishChange(ctx: ChangeContext, order: OrderState, paidBefore: boolean): Promise<void> {
  const o = order.row
  if (!paidBefore && o.payment_status === 'paid') ctx.journal.event('order.paid', o.id, o.shop_code, { total: o.total })
  // Invoice (at the shop's chosen moment), credit notes for cancelled goods, packing slips.
  await issueDueDocuments(ctx, order)
  await followOrderItems(ctx, order)
  await ctx.journal.flush(ctx.trx, ...orderUpdates(order))
}

export const isPaid = (order: OrderState) => order.row.payment_status === 'paid'
