/** What the payment gateway can do, so the UI offers only that (A7). */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { responses } from '../http/schemas.ts'

export function gatewayRoutes(app: FastifyInstance, { gateway }: AppContext): void {
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
