import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { Id, ListOf, responses } from '../http/schemas.ts'
import { OrderPage } from '../orders/order.schemas.ts'
import { OrderQuerySchema } from '../orders/order.routes.ts'
import { searchOrders, type OrderQuery } from '../orders/search.ts'
import { CreateCustomer, Customer, UpdateCustomer, type CreateCustomerInput, type UpdateCustomerInput } from './customer.schemas.ts'
import { createCustomer, customerRowToApi, findCustomerFor, listCustomers, updateCustomer } from './customer.service.ts'

const tags = ['Customers']
const Params = Type.Object({ id: Id })

export function customerRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.post<{ Body: CreateCustomerInput }>('/customers', {
    config: { permission: 'customers.write' },
    schema: { tags, summary: 'Add a customer', body: CreateCustomer, response: responses({ 201: Customer }) },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => createCustomer(trx, req.actor, req.body))))

  app.get<{ Querystring: { q?: string; limit?: number } }>('/customers', {
    config: { permission: 'customers.read' },
    schema: {
      tags, summary: 'Search customers by name or e-mail',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 200 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
      }, { additionalProperties: false }),
      response: responses({ 200: ListOf(Customer) }),
    },
  }, async (req) => ({ items: await listCustomers(db, req.actor, req.query.q, req.query.limit ?? 50) }))

  app.get<{ Params: { id: string } }>('/customers/:id', {
    config: { permission: 'customers.read' },
    schema: { tags, summary: 'A customer', params: Params, response: responses({ 200: Customer }) },
  }, async (req) => customerRowToApi(await findCustomerFor(req.actor, db, req.params.id)))

  app.patch<{ Params: { id: string }; Body: UpdateCustomerInput }>('/customers/:id', {
    config: { permission: 'customers.write' },
    schema: { tags, summary: "Change a customer's data and flags", params: Params, body: UpdateCustomer, response: responses({ 200: Customer }) },
  }, async (req) => inTransaction(db, (trx) => updateCustomer(trx, req.actor, req.params.id, req.body)))

  app.get<{ Params: { id: string }; Querystring: OrderQuery }>('/customers/:id/orders', {
    config: { permission: 'orders.read' },
    schema: {
      tags, summary: "The customer's order history", params: Params, querystring: OrderQuerySchema,
      response: responses({ 200: OrderPage }),
    },
  }, async (req) => {
    const customer = await findCustomerFor(req.actor, db, req.params.id)
    return searchOrders(db, req.actor, { ...req.query, customer: customer.id })
  })
}
