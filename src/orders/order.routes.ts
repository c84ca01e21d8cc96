/** Placing, reading and searching orders; their history, notes and payment transactions. */
import { Type } from 'typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { problemOf } from '../http/errors.ts'
import { checkIdempotencyKey, claimIdempotencyKey, scopedIdempotencyKey, storeIdempotentResponse, type StoredResponse } from '../http/idempotency.ts'
import { Id, ListOf, responses } from '../http/schemas.ts'
import { orderToApi, transactionToApi } from './order.api.ts'
import { loadOrderFor } from './order.repo.ts'
import { AddNote, HistoryEntry, Order, OrderInfo, OrderPage, PaymentTransaction, PlaceOrder, type PlaceOrderInput } from './order.schemas.ts'
import { placeOrder } from './place-order.ts'
import { finishPayment, finishPendingRequest, twoPhasePayments } from '../payments/two-phase.ts'
import { paymentsAfterResponse, prefersAsync } from '../payments/respond-async.ts'
import { orderSortValues, searchOrders, type OrderQuery } from './search.ts'
import { addNote, orderHistory } from './history.ts'
import { orderInfo } from './order-info.ts'

const tags = ['Orders']
const Params = Type.Object({ id: Id })

export const OrderQuerySchema = Type.Object({
  status: Type.Optional(Type.String({ description: 'Comma-separated order statuses' })),
  paymentStatus: Type.Optional(Type.String({ description: 'Comma-separated payment statuses' })),
  shop: Type.Optional(Type.String({ description: 'Comma-separated shop codes' })),
  customer: Type.Optional(Type.String({ description: 'Customer id' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of an order or invoice number, customer name, e-mail or phone, any case; "@text" searches addresses' })),
  sku: Type.Optional(Type.String({ maxLength: 64, description: 'Part of an article number, any case' })),
  from: Type.Optional(Type.String({ description: 'Placed on or after (date or date-time)' })),
  to: Type.Optional(Type.String({ description: 'Placed on or before (date, inclusive, or date-time)' })),
  minTotal: Type.Optional(Type.Integer({ minimum: 0 })),
  maxTotal: Type.Optional(Type.Integer({ minimum: 0 })),
  dunningLevel: Type.Optional(Type.String({ maxLength: 10, description: 'Comma-separated reminder levels, e.g. 1,2' })),
  overdue: Type.Optional(Type.Boolean({ description: 'Invoice orders past their due date and unpaid' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  sort: Type.Optional(Type.String({ enum: orderSortValues, default: '-createdAt', description: 'Sort key, "-" first for descending; paging follows it' })),
}, { additionalProperties: false })

export function sendStored(reply: FastifyReply, response: StoredResponse) {
  if (response.statusCode >= 400) reply.type('application/problem+json').serializer(JSON.stringify)
  return reply.status(response.statusCode).send(response.body)
}

export function orderRoutes(app: FastifyInstance, { db, gateway }: AppContext): void {
  const afterResponse = paymentsAfterResponse(app.log)
  app.addHook('onClose', () => afterResponse.settled())

  app.post<{ Body: PlaceOrderInput }>('/orders', {
    config: { permission: 'orders.create', idempotency: 'own' },
    schema: {
      tags, summary: 'Place an order',
      description: 'With an `Idempotency-Key` header, a retried request returns the first result. '
        + 'With `Prefer: respond-async`, an order paid by card is answered 202 as soon as it is written, '
        + 'its stock reserved and its status `awaiting_payment`; the gateway\'s answer follows '
        + '(the `order.placed` webhook, then `order.cancelled` for a declined card; or GET the `Location`).',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()), prefer: Type.Optional(Type.String()) }),
      body: PlaceOrder, response: responses({ 201: Order, 202: Order }),
    },
  }, async (req, reply) => {
    const key = checkIdempotencyKey(req.headers['idempotency-key'])
    const scoped = key ? scopedIdempotencyKey(req.actor, `POST /orders:${key}`) : null
    const placed = await inTransaction(db, async (trx, attempt) => {
      const stored = scoped ? await claimIdempotencyKey(trx, scoped, req.body) : undefined
      if (stored) return { response: stored, replayed: true }
      const { order, outcome, payment } = await placeOrder(trx, gateway, req.actor, req.body, key, undefined, { deferPayment: twoPhasePayments(), requestKey: scoped, reserveOnWrite: attempt === 1 })
      if (payment) return { payment, order, replayed: false }
      const response: StoredResponse = outcome.ok
        ? { statusCode: 201, body: orderToApi(order, req.actor) }
        : { statusCode: outcome.error.status, body: problemOf(outcome.error, req.url.split('?')[0]) }
      if (scoped) await storeIdempotentResponse(trx, scoped, response)
      return { response, replayed: false }
    })
    // A card payment is asked of the gateway after the commit (src/payments/two-phase.ts).
    if ('payment' in placed && prefersAsync(req.headers.prefer)) {
      const pending = placed.payment!
      afterResponse.start(pending.orderId, () => finishPayment(db, gateway, pending, req.actor))
      reply.header('preference-applied', 'respond-async').header('location', `/api/v1/orders/${pending.orderId}`)
      return reply.status(202).send(orderToApi(placed.order!, req.actor))
    }
    const response = 'payment' in placed ? await finishPayment(db, gateway, placed.payment!, req.actor)
      : placed.response.statusCode === 0 ? await finishPendingRequest(db, gateway, scoped!, req.actor)
        : placed.response
    if (placed.replayed) reply.header('idempotent-replayed', 'true')
    return sendStored(reply, response)
  })

  app.get<{ Querystring: OrderQuery }>('/orders', {
    config: { permission: 'orders.read' },
    schema: {
      tags, summary: 'Search orders', querystring: OrderQuerySchema,
      response: responses({ 200: OrderPage }),
    },
  }, async (req) => searchOrders(db, req.actor, req.query))

  app.get<{ Params: { id: string } }>('/orders/:id', {
    config: { permission: 'orders.read' },
    schema: { tags, summary: 'An order with its lines, deliveries, payment and allowed actions', params: Params, response: responses({ 200: Order }) },
  }, async (req) => orderToApi(await loadOrderFor(req.actor, db, req.params.id), req.actor))

  app.get<{ Params: { id: string } }>('/orders/:id/info', {
    config: { permission: 'orders.read' },
    schema: { tags, summary: 'Additional information: source, IP address, promotions, export block and cycles, customer flags', params: Params, response: responses({ 200: OrderInfo }) },
  }, async (req) => orderInfo(db, req.actor, req.params.id))

  app.get<{ Params: { id: string } }>('/orders/:id/history', {
    config: { permission: 'orders.read' },
    schema: { tags, summary: "The order's audit trail", params: Params, response: responses({ 200: ListOf(HistoryEntry) }) },
  }, async (req) => ({ items: await orderHistory(req.actor, db, req.params.id) }))

  app.post<{ Params: { id: string }; Body: { text: string; clientFacing?: boolean } }>('/orders/:id/notes', {
    config: { permission: 'orders.notes' },
    schema: { tags, summary: 'Add a note to the order', params: Params, body: AddNote, response: responses({ 201: HistoryEntry }) },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => addNote(trx, req.actor, req.params.id, req.body))))

  app.get<{ Params: { id: string } }>('/orders/:id/transactions', {
    config: { permission: 'orders.read' },
    schema: { tags, summary: 'Every payment attempt, successful or not', params: Params, response: responses({ 200: ListOf(PaymentTransaction) }) },
  }, async (req) => ({ items: (await loadOrderFor(req.actor, db, req.params.id)).transactions.map(transactionToApi) }))
}
