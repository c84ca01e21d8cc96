/** A customer's notes, tags, history and address book; merging duplicates; GDPR export and erasure (A28). */
import { Type } from 'typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Database } from '../db/database.ts'
import { inTransaction } from '../db/transaction.ts'
import { checkIdempotencyKey, claimIdempotencyKey, scopedIdempotencyKey, storeIdempotentResponse, type StoredResponse } from '../http/idempotency.ts'
import { Id, ListOf, responses } from '../http/schemas.ts'
import { sendStored } from '../orders/order.routes.ts'
import { Customer, type CustomerApi } from './customer.schemas.ts'
import { customerRowToApi, findCustomerFor, lockCustomerFor, type CustomerRow } from './customer.service.ts'
import { addNote, addressesOf, historyOf, notesOf, setTags, statsOf, tagsOf } from './customer-profile.ts'
import { erasedAt } from './customer-list.ts'
import { mergeCustomers } from './customer-merge.ts'
import { eraseCustomer, exportCustomer } from './customer-privacy.ts'

const tags = ['Customers']
const Params = Type.Object({ id: Id })
const ActorSchema = Type.Object({ kind: Type.String(), id: Type.String(), name: Type.String() })
const Note = Type.Object({ id: Type.String(), text: Type.String(), at: Type.String(), actor: ActorSchema })
const HistoryEntry = Type.Object({
  at: Type.String(), type: Type.String(), field: Type.Union([Type.String(), Type.Null()]),
  from: Type.Union([Type.String(), Type.Null()]), to: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]), actor: ActorSchema,
})
const AddressEntry = Type.Object({}, { additionalProperties: true })
const IdempotencyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String()) })

/** The customer as its page shows it: the row with tags, order count, lifetime value and erasure. */
export async function customerDetail(db: Database, row: CustomerRow): Promise<CustomerApi> {
  const [stats, tagMap, erased] = await Promise.all([statsOf(db, [row.id]), tagsOf(db, [row.id]), erasedAt(db, [row.id])])
  return { ...customerRowToApi(row), tags: tagMap.get(row.id)!, ...stats.get(row.id)!, erasedAt: erased.get(row.id) ?? null }
}

/**
 * Runs a write once per Idempotency-Key (the caller's own): a retry gets the first answer,
 * stored in the same transaction as the change. Its routes say `idempotency: 'own'`.
 */
async function once(db: Database, req: FastifyRequest, reply: FastifyReply, status: number, work: (trx: Database) => Promise<unknown>) {
  const given = checkIdempotencyKey(req.headers['idempotency-key'])
  const key = given ? scopedIdempotencyKey(req.actor, `${req.method} ${req.routeOptions.url}:${given}`) : null
  const { response, replayed } = await inTransaction(db, async (trx) => {
    const stored = key ? await claimIdempotencyKey(trx, key, { url: req.url, body: req.body }) : undefined
    if (stored) return { response: stored, replayed: true }
    const response: StoredResponse = { statusCode: status, body: await work(trx) }
    if (key) await storeIdempotentResponse(trx, key, response)
    return { response, replayed: false }
  })
  if (replayed) reply.header('idempotent-replayed', 'true')
  return sendStored(reply, response)
}

export function customerCareRoutes(app: FastifyInstance, { db }: { db: Database }): void {
  app.get<{ Params: { id: string } }>('/customers/:id/notes', {
    config: { permission: 'customers.read' },
    schema: { tags, summary: "The customer's notes, newest first", params: Params, response: responses({ 200: ListOf(Note) }) },
  }, async (req) => ({ items: await notesOf(db, (await findCustomerFor(req.actor, db, req.params.id)).id) }))

  app.post<{ Params: { id: string }; Body: { text: string } }>('/customers/:id/notes', {
    config: { permission: 'customers.write', idempotency: 'own' },
    schema: { tags, summary: 'Add a note to the customer', params: Params, headers: IdempotencyHeader, body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false }), response: responses({ 201: Note }) },
  }, async (req, reply) => once(db, req, reply, 201, async (trx) => addNote(trx, req.actor, (await lockCustomerFor(req.actor, trx, req.params.id)).id, req.body.text)))

  app.put<{ Params: { id: string }; Body: { tags: string[] } }>('/customers/:id/tags', {
    config: { permission: 'customers.write' },
    schema: {
      tags, summary: "Replace the customer's tags", params: Params,
      body: Type.Object({ tags: Type.Array(Type.String({ minLength: 1, maxLength: 40, pattern: '^[^,]+$' }), { maxItems: 30 }) }, { additionalProperties: false }),
      response: responses({ 200: Customer }),
    },
  }, async (req) => {
    await inTransaction(db, async (trx) => setTags(trx, req.actor, (await lockCustomerFor(req.actor, trx, req.params.id)).id, req.body.tags))
    return customerDetail(db, await findCustomerFor(req.actor, db, req.params.id))
  })

  app.get<{ Params: { id: string } }>('/customers/:id/history', {
    config: { permission: 'customers.read' },
    schema: { tags, summary: 'Changes of flags (with their reason), data, tags, merges and erasure', params: Params, response: responses({ 200: ListOf(HistoryEntry) }) },
  }, async (req) => ({ items: await historyOf(db, (await findCustomerFor(req.actor, db, req.params.id)).id) }))

  app.get<{ Params: { id: string } }>('/customers/:id/addresses', {
    config: { permission: 'customers.read' },
    schema: { tags, summary: 'The address book: every address the customer ordered with, most recent first', params: Params, response: responses({ 200: ListOf(AddressEntry) }) },
  }, async (req) => ({ items: await addressesOf(db, (await findCustomerFor(req.actor, db, req.params.id)).id, req.actor.shops) }))

  app.post<{ Params: { id: string }; Body: { duplicateId: string; note?: string } }>('/customers/:id/merge', {
    config: { permission: 'customers.merge', idempotency: 'own' },
    schema: {
      tags, summary: 'Merge a duplicate into this customer', description: "The duplicate's orders, notes, tags and history move here; the duplicate is deleted. Audited.",
      params: Params, headers: IdempotencyHeader,
      body: Type.Object({ duplicateId: Id, note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: responses({ 200: Type.Object({ customer: Customer, ordersMoved: Type.Integer() }) }),
    },
  }, async (req, reply) => once(db, req, reply, 200, async (trx) => {
    const { ordersMoved } = await mergeCustomers(trx, req.actor, req.params.id, req.body.duplicateId, req.body.note)
    return { customer: await customerDetail(trx, await findCustomerFor(req.actor, trx, req.params.id)), ordersMoved }
  }))

  app.get<{ Params: { id: string } }>('/customers/:id/export', {
    config: { permission: 'customers.privacy' },
    schema: { tags, summary: 'GDPR export: everything held about the customer, as JSON', params: Params, response: responses({ 200: Type.Object({}, { additionalProperties: true }) }) },
  }, async (req, reply) => {
    const data = await exportCustomer(db, req.actor, req.params.id)
    reply.header('content-disposition', `attachment; filename="customer-${req.params.id}.json"`)
    return data
  })

  app.post<{ Params: { id: string }; Body: { reason: string } }>('/customers/:id/erase', {
    config: { permission: 'customers.privacy', idempotency: 'own' },
    schema: {
      tags, summary: 'GDPR erasure: anonymise the customer, their orders and e-mails; amounts stay',
      description: 'Idempotent: erasing again answers with the first erasure.', params: Params, headers: IdempotencyHeader,
      body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false }),
      response: responses({ 200: Type.Object({ customerId: Type.String(), erasedAt: Type.String(), ordersAnonymised: Type.Integer(), alreadyErased: Type.Boolean() }) }),
    },
  }, async (req, reply) => once(db, req, reply, 200, (trx) => eraseCustomer(trx, req.actor, req.params.id, req.body.reason)))
}
