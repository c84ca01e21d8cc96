import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { Id, responses } from '../http/schemas.ts'
import { OrderPage } from '../orders/order.schemas.ts'
import { OrderQuerySchema } from '../orders/order.routes.ts'
import { searchOrders, type OrderQuery } from '../orders/search.ts'
import { CreateCustomer, Customer, UpdateCustomer, type CreateCustomerInput, type UpdateCustomerInput } from './customer.schemas.ts'
import { createCustomer, findCustomerFor, updateCustomer } from './customer.service.ts'
import { listCustomers, type CustomerQuery } from './customer-list.ts'
import { customerDetail, customerCareRoutes } from './customer-care.routes.ts'

const tags = ['Customers']
const Params = Type.Object({ id: Id })

export function customerRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.post<{ Body: CreateCustomerInput }>('/customers', {
    config: { permission: 'customers.write' },
    schema: { tags, summary: 'Add a customer', body: CreateCustomer, response: responses({ 201: Customer }) },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => createCustomer(trx, req.actor, req.body))))

  app.get<{ Querystring: CustomerQuery }>('/customers', {
    config: { permission: 'customers.read' },
    schema: {
      tags, summary: 'Search customers by part of the name or e-mail, or a phone number; paged',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 200 })),
        tag: Type.Optional(Type.String({ maxLength: 40 })),
        blocked: Type.Optional(Type.Boolean()),
        requiresApproval: Type.Optional(Type.Boolean()),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        cursor: Type.Optional(Type.String({ maxLength: 500 })),
      }, { additionalProperties: false }),
      response: responses({ 200: Type.Object({
        items: Type.Array(Customer), nextCursor: Type.Union([Type.String(), Type.Null()]),
        count: Type.Union([Type.Integer(), Type.Null()]), countIsExact: Type.Boolean(),
      }) }),
    },
  }, async (req) => listCustomers(db, req.actor, req.query))

  app.get<{ Params: { id: string } }>('/customers/:id', {
    config: { permission: 'customers.read' },
    schema: { tags, summary: 'A customer, with tags, order count and lifetime value', params: Params, response: responses({ 200: Customer }) },
  }, async (req) => customerDetail(db, await findCustomerFor(req.actor, db, req.params.id)))

  app.patch<{ Params: { id: string }; Body: UpdateCustomerInput }>('/customers/:id', {
    config: { permission: 'customers.write' },
    schema: { tags, summary: "Change a customer's data and flags", params: Params, body: UpdateCustomer, response: responses({ 200: Customer }) },
  }, async (req) => {
    await inTransaction(db, (trx) => updateCustomer(trx, req.actor, req.params.id, req.body))
    return customerDetail(db, await findCustomerFor(req.actor, db, req.params.id))
  })

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

  customerCareRoutes(app, { db })
}
