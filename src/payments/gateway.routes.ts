/** What the payment gateway can do, so the UI offers only that (A7); what is outstanding (A32). */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { responses } from '../http/schemas.ts'
import { OrderQuerySchema } from '../orders/order.routes.ts'
import type { OrderQuery } from '../orders/search.ts'
import { outstandingTotals } from './outstanding.ts'

const { limit: _limit, cursor: _cursor, sort: _sort, ...filters } = OrderQuerySchema.properties
const OutstandingQuery = Type.Object(filters, { additionalProperties: false })

export function gatewayRoutes(app: FastifyInstance, { gateway, db }: AppContext): void {
  app.get<{ Querystring: OrderQuery }>('/payments/outstanding', {
    config: { permission: 'orders.read' },
    schema: {
      tags: ['Orders'], summary: 'What is outstanding per currency over every order matching the search filters',
      querystring: OutstandingQuery,
      response: responses({
        200: Type.Object({
          totals: Type.Array(Type.Object({
            currency: Type.String(), amount: Type.Integer({ description: 'Minor units still to come in' }),
            orders: Type.Integer({ description: 'Orders with something outstanding' }),
          })),
        }),
      }),
    },
  }, async (req) => outstandingTotals(db, req.actor, req.query))

  app.get('/payments/gateway', {
    config: { permission: 'orders.read' },
    schema: {
      tags: ['Returns and refunds'], summary: 'The payment gateway and the features it declares',
      response: responses({
        200: Type.Object({
          name: Type.String(),
          features: Type.Object({
            capturePerShipment: Type.Boolean(), partialCapture: Type.Boolean(), partialRefund: Type.Boolean(), void: Type.Boolean(),
            captureOverAuthorizationBp: Type.Integer(),
          }),
        }),
      }),
    },
  }, async () => ({ name: gateway.name, features: { ...gateway.features, captureOverAuthorizationBp: gateway.features.captureOverAuthorizationBp ?? 0 } }))
}
