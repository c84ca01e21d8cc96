/** What the desks add to orders: moving an order to another customer, and its B2B fields. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { Id, responses } from '../http/schemas.ts'
import { orderToApi } from '../orders/order.api.ts'
import { findOrderHeader } from '../orders/order.repo.ts'
import { Order } from '../orders/order.schemas.ts'
import { reassignCustomer } from '../orders/reassign-customer.ts'
import { B2bInput } from './draft.schemas.ts'
import { idempotentWrite, ok } from './idempotent.ts'
import { orderB2b, setOrderB2b } from './order-b2b.ts'

const Params = Type.Object({ id: Id })
const B2b = Type.Object({
  poReference: Type.Union([Type.String(), Type.Null()]), costCentre: Type.Union([Type.String(), Type.Null()]),
  approver: Type.Union([Type.String(), Type.Null()]), quoteId: Type.Union([Type.String(), Type.Null()]),
})

export function orderDeskRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.post<{ Params: { id: string }; Body: { customerId: string; note: string } }>('/orders/:id/actions/reassign-customer', {
    config: { permission: 'customers.merge' },
    schema: {
      tags: ['Order actions'], summary: 'Move the order to another customer (duplicates), with a reason in the history', params: Params,
      body: Type.Object({ customerId: Type.String({ format: 'uuid' }), note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
      response: responses({ 200: Order }),
    },
  }, (req, reply) => idempotentWrite(db, req, reply, async (trx) =>
    ok(200, orderToApi(await reassignCustomer(trx, req.actor, req.params.id, req.body), req.actor))))

  app.get<{ Params: { id: string } }>('/orders/:id/b2b', {
    config: { permission: 'orders.read' },
    schema: { tags: ['Orders'], summary: "The order's B2B fields: purchase-order reference, cost centre, approver", params: Params, response: responses({ 200: B2b }) },
  }, async (req) => orderB2b(db, (await findOrderHeader(req.actor, db, req.params.id)).id))

  app.put<{ Params: { id: string }; Body: { poReference?: string; costCentre?: string; approver?: string } }>('/orders/:id/b2b', {
    config: { permission: 'orders.notes' },
    schema: { tags: ['Orders'], summary: "Set the order's B2B fields", params: Params, body: B2bInput, response: responses({ 200: B2b }) },
  }, (req, reply) => idempotentWrite(db, req, reply, async (trx) =>
    ok(200, await setOrderB2b(trx, req.actor, (await findOrderHeader(req.actor, trx, req.params.id)).id, req.body))))
}
