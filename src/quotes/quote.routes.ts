/** Requests for quote (A18). */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { problemOf } from '../http/errors.ts'
import { Id, ListOf, responses } from '../http/schemas.ts'
import { orderToApi } from '../orders/order.api.ts'
import { Order } from '../orders/order.schemas.ts'
import { historyOf } from '../drafts/desk-history.ts'
import { DeskHistoryEntry } from '../drafts/draft.schemas.ts'
import { idempotentWrite, ok } from '../drafts/idempotent.ts'
import type { QuoteAction } from './quote.machine.ts'
import { findQuote, listQuotes, quoteToApi } from './quote.repo.ts'
import { NegotiateQuote, OrderQuote, Quote, QuoteActionBody, RequestQuote, type NegotiateQuoteInput, type OrderQuoteInput, type RequestQuoteInput } from './quote.schemas.ts'
import { negotiateQuote, orderQuote, requestQuote, runQuoteAction } from './quote.service.ts'

const tags = ['Quotes']
const Params = Type.Object({ id: Id })
const QuoteSummary = Type.Object({
  id: Type.String(), number: Type.String(), shop: Type.String(), status: Type.String(), customerName: Type.String(),
  company: Type.Union([Type.String(), Type.Null()]), lineCount: Type.Integer(), poReference: Type.Union([Type.String(), Type.Null()]),
  validUntil: Type.Union([Type.String(), Type.Null()]), orderId: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(),
})
/** The customer's side (request, accept, reject) works with a storefront's token; the shop's needs quotes.manage. */
const customerSide = new Set(['accept', 'reject'])

export function quoteRoutes(app: FastifyInstance, { db, gateway }: AppContext): void {
  app.post<{ Body: RequestQuoteInput }>('/quotes', {
    config: { permission: 'orders.create' },
    schema: { tags, summary: 'Request a quote (lines, message, purchase-order reference)', body: RequestQuote, response: responses({ 201: Quote }) },
  }, (req, reply) => idempotentWrite(db, req, reply, async (trx) =>
    ok(201, await quoteToApi(trx, await findQuote(req.actor, trx, await requestQuote(trx, req.actor, req.body))))))

  app.get<{ Querystring: { status?: string; shop?: string; limit?: number } }>('/quotes', {
    config: { permission: 'quotes.manage' },
    schema: {
      tags, summary: 'Quotes, newest first',
      querystring: Type.Object({ status: Type.Optional(Type.String({ maxLength: 200 })), shop: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }),
      response: responses({ 200: ListOf(QuoteSummary) }),
    },
  }, async (req) => ({ items: await listQuotes(db, req.actor, req.query) }))

  app.get<{ Params: { id: string } }>('/quotes/:id', {
    config: { permission: 'quotes.manage' },
    schema: { tags, summary: 'A quote with its prices', params: Params, response: responses({ 200: Quote }) },
  }, async (req) => quoteToApi(db, await findQuote(req.actor, db, req.params.id)))

  app.get<{ Params: { id: string } }>('/quotes/:id/history', {
    config: { permission: 'quotes.manage' },
    schema: { tags, summary: "The quote's history", params: Params, response: responses({ 200: ListOf(DeskHistoryEntry) }) },
  }, async (req) => { await findQuote(req.actor, db, req.params.id); return { items: await historyOf(db, 'quote', req.params.id) } })

  app.patch<{ Params: { id: string }; Body: NegotiateQuoteInput }>('/quotes/:id', {
    config: { permission: 'quotes.manage' },
    schema: { tags, summary: 'Set negotiated prices, quantities, validity', params: Params, body: NegotiateQuote, response: responses({ 200: Quote }) },
  }, (req, reply) => idempotentWrite(db, req, reply, async (trx) => {
    await negotiateQuote(trx, req.actor, req.params.id, req.body)
    return ok(200, await quoteToApi(trx, await findQuote(req.actor, trx, req.params.id)))
  }))

  app.post<{ Params: { id: string }; Body: OrderQuoteInput }>('/quotes/:id/actions/order', {
    config: { permission: 'quotes.manage' },
    schema: { tags, summary: 'Turn the accepted quote into an order at the negotiated prices', params: Params, body: OrderQuote, response: responses({ 201: Order }) },
  }, (req, reply) => idempotentWrite(db, req, reply, async (trx) => {
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null
    const { order, outcome } = await orderQuote(trx, gateway, req.actor, req.params.id, req.body, key)
    return outcome.ok ? ok(201, orderToApi(order, req.actor)) : { statusCode: outcome.error.status, body: problemOf(outcome.error, req.url) }
  }))

  const summaries: Record<Exclude<QuoteAction, 'order'>, string> = {
    propose: 'Send the proposal with its prices and validity (e-mails the customer)',
    accept: 'The customer accepts the proposal', reject: 'The customer (or the shop) declines', expire: 'End the proposal now',
  }
  for (const action of Object.keys(summaries) as Exclude<QuoteAction, 'order'>[]) {
    app.post<{ Params: { id: string }; Body: { note?: string; validUntil?: string } }>(`/quotes/:id/actions/${action}`, {
      config: { permission: customerSide.has(action) ? 'orders.create' : 'quotes.manage' },
      schema: { tags, summary: summaries[action], params: Params, body: QuoteActionBody, response: responses({ 200: Quote }) },
    }, (req, reply) => idempotentWrite(db, req, reply, async (trx) => {
      await runQuoteAction(trx, req.actor, req.params.id, action, req.body ?? {})
      return ok(200, await quoteToApi(trx, await findQuote(req.actor, trx, req.params.id)))
    }))
  }
}
