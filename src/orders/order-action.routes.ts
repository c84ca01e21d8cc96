/** The order's and its deliveries' actions: the only way their status changes. */
import { Type } from 'typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { actionPermissions, type Permission } from '../auth/permissions.ts'
import type { Actor } from '../auth/actor.ts'
import type { AppContext } from '../app.ts'
import { idempotentWrite } from '../returns/idempotent-write.ts'
import { Id, responses } from '../http/schemas.ts'
import { orderToApi } from './order.api.ts'
import { DeliveryActionBody, Order, OrderActionBody } from './order.schemas.ts'
import { runOrderAction, type OrderActionInput, type Outcome } from './order-actions.ts'
import { runDeliveryAction, type DeliveryActionInput } from './delivery-actions.ts'
import { orderActionNames } from './order.machine.ts'
import { deliveryActionNames } from './delivery.machine.ts'

const tags = ['Order actions']

/**
 * Each action needs its own permission; an unknown one only reading, to be told it is unknown.
 * Own keys only: `__proto__` or `toString` must not find Object's.
 */
const actionPermission = (req: FastifyRequest): Permission => {
  const action = (req.params as { action?: string }).action ?? ''
  return Object.hasOwn(actionPermissions, action) ? actionPermissions[action] : 'orders.read'
}
const Action = Type.String({ maxLength: 40 })

export function orderActionRoutes(app: FastifyInstance, { db, gateway }: AppContext): void {
  /**
   * A refused payment is kept in the log (committed) and then reported; otherwise the changed
   * order is the answer. With an `Idempotency-Key`, a retry gets the first answer (A7).
   */
  const answer = (outcome: Outcome, actor: Actor) =>
    (outcome.ok ? { ok: true as const, value: orderToApi(outcome.order, actor) } : { ok: false as const, error: outcome.error })

  app.post<{ Params: { id: string; action: string }; Body: OrderActionInput }>('/orders/:id/actions/:action', {
    config: { permission: actionPermission, idempotency: 'own' },
    schema: {
      tags, summary: 'Run an order action',
      description: `Actions: ${orderActionNames.join(', ')}. One not allowed now is refused with 409 transition_not_allowed.`,
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
      params: Type.Object({ id: Id, action: Action }),
      body: Type.Optional(OrderActionBody),
      response: responses({ 200: Order }),
    },
  }, (req, reply) => idempotentWrite(db, req, reply, 200, async (trx) =>
    answer(await runOrderAction(trx, gateway, req.actor, req.params.id, req.params.action, req.body ?? {}), req.actor)))

  app.post<{ Params: { id: string; deliveryId: string; action: string }; Body: DeliveryActionInput }>('/orders/:id/deliveries/:deliveryId/actions/:action', {
    config: { permission: actionPermission, idempotency: 'own' },
    schema: {
      tags, summary: 'Run a delivery action',
      description: `Actions: ${deliveryActionNames.join(', ')}.`,
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
      params: Type.Object({ id: Id, deliveryId: Id, action: Action }),
      body: Type.Optional(DeliveryActionBody),
      response: responses({ 200: Order }),
    },
  }, (req, reply) => idempotentWrite(db, req, reply, 200, async (trx) =>
    answer(await runDeliveryAction(trx, gateway, req.actor, req.params.id, req.params.deliveryId, req.params.action, req.body ?? {}), req.actor)))
}
