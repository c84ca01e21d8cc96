/** The deliveries work queue across orders, for the warehouse and logistics desks. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { responses } from '../http/schemas.ts'
import { listDeliveryQueue, type DeliveryQueueQuery } from './delivery-queue.ts'

const Nullable = (t: ReturnType<typeof Type.String>) => Type.Union([t, Type.Null()])
const QueuedDelivery = Type.Object({
  id: Type.String(), number: Type.String(), orderId: Type.String(), orderNumber: Type.String(), shop: Type.String(), orderStatus: Type.String(),
  kind: Type.String(), status: Type.String(), warehouse: Nullable(Type.String()), carrier: Nullable(Type.String()),
  trackingNumber: Nullable(Type.String()), availableFrom: Nullable(Type.String()), shippedAt: Nullable(Type.String()), createdAt: Type.String(),
  customer: Type.String(), shipTo: Type.String(),
  items: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Integer() })),
  allowedActions: Type.Array(Type.String()),
})

export function deliveryQueueRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.get<{ Querystring: DeliveryQueueQuery }>('/deliveries', {
    config: { permission: 'orders.read' },
    schema: {
      tags: ['Deliveries'], summary: 'Deliveries across orders, oldest first: the warehouse work queue',
      description: 'Run pack, ready and ship on each through /orders/{id}/deliveries/{deliveryId}/actions/{action}. `counts` is per state under the other filters.',
      querystring: Type.Object({
        status: Type.Optional(Type.String({ maxLength: 300, description: 'Comma-separated delivery states' })),
        warehouse: Type.Optional(Type.String({ maxLength: 24 })),
        kind: Type.Optional(Type.String({ maxLength: 100, description: 'Comma-separated: standard, electronic, preorder, backorder' })),
        shop: Type.Optional(Type.String({ maxLength: 300, description: 'Comma-separated shop codes' })),
        number: Type.Optional(Type.String({ maxLength: 64, description: 'A delivery or order number, exactly' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        cursor: Type.Optional(Type.String({ maxLength: 200 })),
      }, { additionalProperties: false }),
      response: responses({
        200: Type.Object({ items: Type.Array(QueuedDelivery), nextCursor: Nullable(Type.String()), counts: Type.Record(Type.String(), Type.Integer()) }),
      }),
    },
  }, async (req) => listDeliveryQueue(db, req.actor, req.query))
}
