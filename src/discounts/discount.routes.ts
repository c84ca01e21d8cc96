import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { Id, ListOf, responses } from '../http/schemas.ts'
import { CreateDiscount, Discount, UpdateDiscount, type CreateDiscountInput, type UpdateDiscountInput } from './discount.schemas.ts'
import { createDiscount, getDiscount, listDiscounts, updateDiscount } from './discount.service.ts'

const tags = ['Discounts']
const Params = Type.Object({ id: Id })

export function discountRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.post<{ Body: CreateDiscountInput }>('/discounts', {
    config: { permission: 'discounts.manage' },
    schema: {
      tags, summary: 'Create a discount code', headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
      body: CreateDiscount, response: responses({ 201: Discount }),
    },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => createDiscount(trx, req.actor, req.body))))

  app.get<{ Querystring: { shop?: string } }>('/discounts', {
    config: { permission: 'orders.read' },
    schema: { tags, summary: 'Discount codes of the shops you see', querystring: Type.Object({ shop: Type.Optional(Type.String({ maxLength: 24 })) }), response: responses({ 200: ListOf(Discount) }) },
  }, async (req) => ({ items: await listDiscounts(db, req.actor, req.query.shop) }))

  app.get<{ Params: { id: string } }>('/discounts/:id', {
    config: { permission: 'orders.read' },
    schema: { tags, summary: 'A discount code and how often it was used', params: Params, response: responses({ 200: Discount }) },
  }, async (req) => getDiscount(db, req.actor, req.params.id))

  app.patch<{ Params: { id: string }; Body: UpdateDiscountInput }>('/discounts/:id', {
    config: { permission: 'discounts.manage' },
    schema: { tags, summary: 'Change a discount code (limits, dates, switch off)', params: Params, body: UpdateDiscount, response: responses({ 200: Discount }) },
  }, async (req) => inTransaction(db, (trx) => updateDiscount(trx, req.actor, req.params.id, req.body)))
}
