/** Returns (RMAs) and refunds without a return. Every write honours `Idempotency-Key`. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { Id, ListOf, responses } from '../http/schemas.ts'
import { Journal } from '../orders/journal.ts'
import { orderToApi } from '../orders/order.api.ts'
import type { ChangeContext } from '../orders/order-change.ts'
import { Order } from '../orders/order.schemas.ts'
import type { Database } from '../db/database.ts'
import type { Actor } from '../auth/actor.ts'
import { idempotentWrite } from './idempotent-write.ts'
import { listOrderReturns, listReturns } from './return.list.ts'
import { returnToApi } from './return.api.ts'
import { refundOrder, type OrderRefundInput } from './order-refund.ts'
import { AuthorizeReturn, CancelReturn, ReceiveReturn, RefundOrder, RefundReturn, Return, ReturnQuery } from './return.schemas.ts'
import {
  authorizeReturn, cancelReturn, receiveReturn, refundReturn, type AuthorizeInput, type ReceiveInput, type RefundInput,
} from './return.service.ts'
import type { Notes } from '../orders/journal.ts'

const tags = ['Returns and refunds']
const headers = Type.Object({ 'idempotency-key': Type.Optional(Type.String()) })
const idem = 'With an `Idempotency-Key` header, a retried request returns the first result.'

export function returnRoutes(app: FastifyInstance, { db, gateway }: AppContext): void {
  const ctxOf = (trx: Database, actor: Actor): ChangeContext => ({ trx, gateway, journal: new Journal(actor) })

  app.post<{ Params: { id: string }; Body: AuthorizeInput }>('/orders/:id/returns', {
    config: { permission: 'returns.manage', idempotency: 'own' },
    schema: {
      tags, summary: 'Authorise a return (RMA) of shipped goods', description: `Only shipped quantities not yet on a return. The customer is e-mailed the RMA number. ${idem}`,
      headers, params: Type.Object({ id: Id }), body: AuthorizeReturn, response: responses({ 201: Return }),
    },
  }, (req, reply) => idempotentWrite(db, req, reply, 201, async (trx) =>
    ({ ok: true, value: returnToApi(await authorizeReturn(ctxOf(trx, req.actor), req.actor, req.params.id, req.body), req.actor) })))

  app.get<{ Params: { id: string } }>('/orders/:id/returns', {
    config: { permission: 'orders.read' },
    schema: { tags, summary: "The order's returns", params: Type.Object({ id: Id }), response: responses({ 200: ListOf(Return) }) },
  }, async (req) => ({ items: await listOrderReturns(db, req.actor, req.params.id) }))

  app.get<{ Querystring: { status?: string; shop?: string; limit?: number } }>('/returns', {
    config: { permission: 'orders.read' },
    schema: { tags, summary: 'Returns of the shops you see, newest first', querystring: ReturnQuery, response: responses({ 200: ListOf(Return) }) },
  }, async (req) => ({ items: await listReturns(db, req.actor, req.query) }))

  app.post<{ Params: { id: string }; Body: ReceiveInput }>('/returns/:id/actions/receive', {
    config: { permission: 'returns.manage', idempotency: 'own' },
    schema: {
      tags, summary: 'Receive returned goods: restock or write off each unit', description: idem,
      headers, params: Type.Object({ id: Id }), body: ReceiveReturn, response: responses({ 200: Return }),
    },
  }, (req, reply) => idempotentWrite(db, req, reply, 200, async (trx) =>
    ({ ok: true, value: returnToApi(await receiveReturn(ctxOf(trx, req.actor), req.actor, req.params.id, req.body), req.actor) })))

  app.post<{ Params: { id: string }; Body: RefundInput }>('/returns/:id/actions/refund', {
    config: { permission: 'returns.manage', idempotency: 'own' },
    schema: {
      tags, summary: 'Refund a received return', description: `By default the value of the received units; or the given lines, or an amount. ${idem}`,
      headers, params: Type.Object({ id: Id }), body: RefundReturn, response: responses({ 200: Return }),
    },
  }, (req, reply) => idempotentWrite(db, req, reply, 200, async (trx) => {
    const outcome = await refundReturn(ctxOf(trx, req.actor), req.actor, req.params.id, req.body)
    return outcome.ok ? { ok: true, value: returnToApi(outcome.value, req.actor) } : outcome
  }))

  app.post<{ Params: { id: string }; Body: Notes }>('/returns/:id/actions/cancel', {
    config: { permission: 'returns.manage', idempotency: 'own' },
    schema: {
      tags, summary: 'Cancel a return before anything came back', description: idem,
      headers, params: Type.Object({ id: Id }), body: Type.Optional(CancelReturn), response: responses({ 200: Return }),
    },
  }, (req, reply) => idempotentWrite(db, req, reply, 200, async (trx) =>
    ({ ok: true, value: returnToApi(await cancelReturn(ctxOf(trx, req.actor), req.actor, req.params.id, req.body ?? {}), req.actor) })))

  app.post<{ Params: { id: string }; Body: OrderRefundInput }>('/orders/:id/actions/refund', {
    config: { permission: 'returns.manage', idempotency: 'own' },
    schema: {
      tags, summary: 'Refund without a return (goodwill, price adjustment, or a refund paid by hand)',
      description: `Never more than was paid minus what was refunded. ${idem}`,
      headers, params: Type.Object({ id: Id }), body: RefundOrder, response: responses({ 200: Order }),
    },
  }, (req, reply) => idempotentWrite(db, req, reply, 200, async (trx) => {
    const outcome = await refundOrder(ctxOf(trx, req.actor), req.actor, req.params.id, req.body)
    return outcome.ok ? { ok: true, value: orderToApi(outcome.value, req.actor) } : outcome
  }))
}
