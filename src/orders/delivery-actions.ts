/** Runs a delivery action (pack, ready, ship, deliver), under the same lock as its order. */
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import type { PaymentGateway } from '../payments/gateway.ts'
import { allowedDeliveryActions, deliveryActions, deliveryRefusalOf, isDeliveryAction, type DeliveryFacts } from './delivery.machine.ts'
import { deliverDelivery, shipDelivery } from './fulfilment.ts'
import { Journal, type Notes } from './journal.ts'
import { finishChange, isPaid, moveDelivery, type ChangeContext } from './order-change.ts'
import type { Outcome } from './order-actions.ts'
import { loadOrderFor, type DeliveryState, type OrderState } from './order.repo.ts'

export interface DeliveryActionInput extends Notes {
  carrier?: string
  trackingNumber?: string
}

export function deliveryFactsOf(order: OrderState, d: DeliveryState): DeliveryFacts {
  return {
    status: d.row.status,
    kind: d.row.kind,
    awaitingPayment: d.row.awaiting_payment,
    orderUnderWay: order.row.status === 'in_progress' || order.row.status === 'partially_shipped',
  }
}

export async function runDeliveryAction(
  trx: Database, gateway: PaymentGateway, actor: Actor, orderId: string, deliveryId: string, name: string, input: DeliveryActionInput,
): Promise<Outcome> {
  if (!isDeliveryAction(name)) throw new DomainError('unknown_action', `There is no delivery action "${name}"`, { actions: Object.keys(deliveryActions) })
  const order = await loadOrderFor(actor, trx, orderId, true)
  const d = order.deliveries.find((x) => x.row.id === deliveryId)
  if (!d) throw new DomainError('delivery_not_found', `Order ${order.row.number} has no delivery "${deliveryId}"`)
  const facts = deliveryFactsOf(order, d)
  const refusal = deliveryRefusalOf(name, facts)
  if (refusal) {
    throw new DomainError('transition_not_allowed', refusal, { currentStatus: d.row.status, allowedActions: allowedDeliveryActions(facts) })
  }
  if (name === 'ship' && d.row.kind !== 'electronic') requireTracking(input)
  const ctx: ChangeContext = { trx, gateway, journal: new Journal(actor) }
  const paidBefore = isPaid(order)
  const notes = { note: input.note, clientNote: input.clientNote }

  let failure: DomainError | undefined
  if (name === 'ship') failure = await shipDelivery(ctx, order, d, { ...notes, carrier: input.carrier, trackingNumber: input.trackingNumber })
  else if (name === 'deliver') await deliverDelivery(ctx, order, d, notes)
  else moveDelivery(ctx, order, d, deliveryActions[name].to, name, notes)

  if (failure) ctx.journal.entry(order.row.id, 'action_failed', { action: name, deliveryId, from: d.row.status, to: d.row.status, note: failure.message })
  await finishChange(ctx, order, paidBefore)
  return failure ? { ok: false, orderId, error: failure } : { ok: true, orderId, order }
}

/** A parcel leaves with a carrier and a tracking number, or the customer's mail reads "has left us with , tracking number ." */
function requireTracking(input: DeliveryActionInput): void {
  const errors = [
    ...(input.carrier?.trim() ? [] : [{ path: 'carrier', message: 'is required to ship' }]),
    ...(input.trackingNumber?.trim() ? [] : [{ path: 'trackingNumber', message: 'is required to ship' }]),
  ]
  if (errors.length) throw new DomainError('validation_failed', 'Shipping needs a carrier and a tracking number', { errors })
}
