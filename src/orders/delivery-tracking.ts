/** Correcting a shipped delivery's carrier and tracking number (A7), with its trace in the history. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import type { Actor } from '../auth/actor.ts'
import { DomainError } from '../http/errors.ts'
import { Id, responses } from '../http/schemas.ts'
import { idempotentWrite } from '../returns/idempotent-write.ts'
import type { Outcome } from '../returns/outcome.ts'
import { Journal, type Notes } from './journal.ts'
import { orderToApi } from './order.api.ts'
import { finishChange, isPaid, type ChangeContext } from './order-change.ts'
import { loadOrderFor, type OrderState } from './order.repo.ts'
import { Order } from './order.schemas.ts'

export interface TrackingInput extends Notes { carrier: string; trackingNumber: string }

const gone = new Set(['shipped', 'delivered', 'ready_to_ship', 'packing'])

export async function setTracking(ctx: ChangeContext, actor: Actor, orderId: string, deliveryId: string, input: TrackingInput): Promise<Outcome<OrderState>> {
  const order = await loadOrderFor(actor, ctx.trx, orderId, true)
  const d = order.deliveries.find((x) => x.row.id === deliveryId)
  if (!d) throw new DomainError('delivery_not_found', `Order ${order.row.number} has no delivery "${deliveryId}"`)
  if (!gone.has(d.row.status) || d.row.kind === 'electronic') {
    throw new DomainError('transition_not_allowed', `Delivery ${d.row.number} is ${d.row.status}: tracking is set when it ships`, { currentStatus: d.row.status })
  }
  const before = `${d.row.carrier ?? '–'} ${d.row.tracking_number ?? '–'}`
  d.row.carrier = input.carrier.trim()
  d.row.tracking_number = input.trackingNumber.trim()
  d.changed = true
  ctx.journal.entry(order.row.id, 'delivery', {
    action: 'tracking', deliveryId, note: `Tracking ${before} → ${d.row.carrier} ${d.row.tracking_number}${input.note ? `. ${input.note}` : ''}`, clientNote: input.clientNote,
  })
  ctx.journal.event('delivery.tracking_updated', order.row.id, order.row.shop_code, {
    deliveryId, deliveryNumber: d.row.number, carrier: d.row.carrier, trackingNumber: d.row.tracking_number, clientNote: input.clientNote ?? null,
  })
  await finishChange(ctx, order, isPaid(order))
  return { ok: true, value: order }
}

const Tracking = Type.Object({
  carrier: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  trackingNumber: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  clientNote: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false })

export function deliveryTrackingRoutes(app: FastifyInstance, { db, gateway }: AppContext): void {
  app.put<{ Params: { id: string; deliveryId: string }; Body: TrackingInput }>('/orders/:id/deliveries/:deliveryId/tracking', {
    config: { permission: 'deliveries.ship', idempotency: 'own' },
    schema: {
      tags: ['Order actions'], summary: "Correct a delivery's carrier and tracking number",
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
      params: Type.Object({ id: Id, deliveryId: Id }), body: Tracking, response: responses({ 200: Order }),
    },
  }, (req, reply) => idempotentWrite(db, req, reply, 200, async (trx) => {
    const outcome = await setTracking({ trx, gateway, journal: new Journal(req.actor) }, req.actor, req.params.id, req.params.deliveryId, req.body)
    return outcome.ok ? { ok: true, value: orderToApi(outcome.value, req.actor) } : outcome
  }))
}
