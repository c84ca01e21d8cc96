/**
 * What happens to stock and money as deliveries move: allocation when an order is
 * accepted, capture and stock decrement on shipment, payment on delivery for cash on
 * delivery, release or restock when an order is cancelled or returned.
 */
import { changeStock, type StockChange } from '../inventory/stock.repo.ts'
import { outstandingOf, pay, uncapturedAuthorization } from '../payments/payment.service.ts'
import { DomainError } from '../http/errors.ts'
import { refundMoney } from '../payments/refund.ts'
import { holdsReservation, settledDelivery } from './delivery.machine.ts'
import { followDeliveries, moveDelivery, type ChangeContext } from './order-change.ts'
import type { DeliveryState, OrderState } from './order.repo.ts'
import type { Notes } from './journal.ts'

const quantities = (d: DeliveryState) => d.lines.map((l) => ({ sku: l.sku, quantity: l.quantity }))
const capturesOnShipment = (order: OrderState) => order.row.payment_method === 'card' && order.row.capture_mode === 'on_shipment'

/** The order was accepted: reserved deliveries are allocated, electronic ones delivered at once. */
export async function startFulfilment(ctx: ChangeContext, order: OrderState): Promise<void> {
  for (const d of order.deliveries) {
    // A backorder or preorder the allocation job reserved before the order was accepted waits here too.
    if (d.row.kind !== 'electronic' && d.row.status === 'awaiting_allocation') moveDelivery(ctx, order, d, 'allocated', 'allocate')
  }
  await deliverElectronic(ctx, order)
  followDeliveries(ctx, order)
}

/** Electronic deliveries of an accepted order go out at once, once their payment is captured. */
export async function deliverElectronic(ctx: ChangeContext, order: OrderState): Promise<void> {
  for (const d of order.deliveries) {
    if (d.row.kind !== 'electronic' || !['awaiting_allocation', 'allocated'].includes(d.row.status)) continue
    if (await captureFor(ctx, order, d) !== undefined) {
      if (d.row.status === 'awaiting_allocation') moveDelivery(ctx, order, d, 'allocated', 'allocate')
      continue
    }
    d.row.shipped_at = d.row.delivered_at = new Date()
    moveDelivery(ctx, order, d, 'delivered', 'deliver-electronically')
  }
}

/**
 * Captures what a delivery costs when the card is charged on shipment. Returns the
 * failure, after flagging the delivery as awaiting payment, or undefined when paid.
 */
export async function captureFor(ctx: ChangeContext, order: OrderState, d: DeliveryState): Promise<DomainError | undefined> {
  if (!capturesOnShipment(order)) return undefined
  const amount = captureAmount(order, d)
  if (amount === 0) return undefined
  const result = await pay(ctx, order, { operation: 'CAPTURE', amount, deliveryId: d.row.id })
  const paid = result.status === 'succeeded'
  if (d.row.awaiting_payment === paid) { d.row.awaiting_payment = !paid; d.changed = true }
  if (paid) return undefined
  return new DomainError(result.status === 'declined' ? 'payment_declined' : 'payment_failed',
    `The capture of delivery ${d.row.number} was ${result.status}: ${result.message ?? 'no reason given'}. `
    + 'The delivery waits for payment: retry, or override the payment.', { orderId: order.row.id, deliveryId: d.row.id })
}

function captureAmount(order: OrderState, d: DeliveryState): number {
  const owed = outstandingOf(order)
  const open = uncapturedAuthorization(order)
  if (order.row.capture_per === 'order') return Math.min(owed, open)
  const othersToGo = order.deliveries.some((x) => x !== d && !settledDelivery.has(x.row.status))
  return Math.min(othersToGo ? Math.min(d.row.amount, owed) : owed, open)
}

export async function shipDelivery(ctx: ChangeContext, order: OrderState, d: DeliveryState, input: Notes & { carrier?: string; trackingNumber?: string }): Promise<DomainError | undefined> {
  const failure = await captureFor(ctx, order, d)
  if (failure) return failure
  await changeStock(ctx.trx, quantities(d).map((q) => ({ warehouse: d.row.warehouse_code!, sku: q.sku, onHand: -q.quantity, reserved: -q.quantity })))
  d.row.carrier = input.carrier ?? d.row.carrier
  d.row.tracking_number = input.trackingNumber ?? d.row.tracking_number
  d.row.shipped_at = new Date()
  moveDelivery(ctx, order, d, 'shipped', 'ship', input)
  followDeliveries(ctx, order)
  return undefined
}

export async function deliverDelivery(ctx: ChangeContext, order: OrderState, d: DeliveryState, notes: Notes): Promise<void> {
  if (order.row.payment_method === 'cash_on_delivery') {
    // The courier collected the money: what this parcel costs, or all that is left on the last one.
    const owed = outstandingOf(order)
    const othersToGo = order.deliveries.some((x) => x !== d && !['delivered', 'cancelled', 'returned'].includes(x.row.status))
    const amount = othersToGo ? Math.min(d.row.amount, owed) : owed
    if (amount > 0) await pay(ctx, order, { operation: 'OFFLINE', amount, deliveryId: d.row.id, message: 'Cash collected on delivery' })
  }
  d.row.delivered_at = new Date()
  moveDelivery(ctx, order, d, 'delivered', 'deliver', notes)
  followDeliveries(ctx, order)
}

/**
 * Gives back the money an order holds: voids what is only authorised, refunds what was
 * received. Returns the first failure; nothing after it is attempted.
 */
export async function settlePayments(ctx: ChangeContext, order: OrderState): Promise<DomainError | undefined> {
  const open = uncapturedAuthorization(order)
  // A gateway without voids lets the authorisation lapse by itself.
  if (open > 0 && ctx.gateway.features.void) {
    const v = await pay(ctx, order, { operation: 'VOID', amount: open })
    if (v.status !== 'succeeded') return paymentFailure(order, 'void', v)
  }
  const received = order.row.captured - order.row.refunded
  if (received > 0) {
    // Money received offline (confirmed, overridden) is paid back offline, not through the card gateway.
    const failure = await refundMoney(ctx, order, { amount: received, reason: 'Order settled' })
    if (failure && open > 0 && ctx.gateway.features.void) failure.message = failure.message.replace('Nothing was refunded.', 'The open authorisation was voided; nothing was refunded.')
    if (failure) return failure
  }
  return undefined
}

function paymentFailure(order: OrderState, what: string, result: { status: string; message?: string }): DomainError {
  return new DomainError('payment_failed', `The ${what} was ${result.status}: ${result.message ?? 'no reason given'}. Nothing else was changed; try again.`,
    { orderId: order.row.id })
}

/** What giving back the stock a delivery holds takes: nothing unless its status holds a reservation. */
export function heldStockReleased(d: DeliveryState): StockChange[] {
  if (!holdsReservation.has(d.row.status) || !d.row.warehouse_code) return []
  return quantities(d).map((q) => ({ warehouse: d.row.warehouse_code!, sku: q.sku, reserved: -q.quantity }))
}

/** Cancels every delivery not yet out, releasing the stock it holds. */
export async function cancelOpenDeliveries(ctx: ChangeContext, order: OrderState, action: string, notes: Notes = {}): Promise<void> {
  const release: StockChange[] = []
  for (const d of order.deliveries) {
    if (settledDelivery.has(d.row.status)) continue
    release.push(...heldStockReleased(d))
    moveDelivery(ctx, order, d, 'cancelled', action, notes)
  }
  await changeStock(ctx.trx, release)
}

/** Takes back every delivery that went out, putting its goods back on hand. */
export async function returnShippedDeliveries(ctx: ChangeContext, order: OrderState, notes: Notes): Promise<void> {
  const restock: StockChange[] = []
  for (const d of order.deliveries) {
    if (d.row.status !== 'shipped' && d.row.status !== 'delivered') continue
    if (d.row.warehouse_code) restock.push(...quantities(d).map((q) => ({ warehouse: d.row.warehouse_code!, sku: q.sku, onHand: q.quantity })))
    moveDelivery(ctx, order, d, 'returned', 'return', notes)
  }
  await changeStock(ctx.trx, restock)
}
