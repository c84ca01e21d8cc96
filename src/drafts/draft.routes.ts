/** Draft orders (A16, A17): create, edit, hold, assign, hand back, place, discard. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import type { Database } from '../db/database.ts'
import { DomainError, problemOf } from '../http/errors.ts'
import { Id, ListOf, responses } from '../http/schemas.ts'
import { orderToApi } from '../orders/order.api.ts'
import { Order } from '../orders/order.schemas.ts'
import { historyOf } from './desk-history.ts'
import { draftToApi } from './draft.api.ts'
import { findDraft, findDraftByCode } from './draft.repo.ts'
import { listDrafts, DraftQuery } from './draft.list.ts'
import {
  AssignDraft, CreateDraft, DeskHistoryEntry, Draft, DraftSummary, HoldDraft, PatchDraft, PlaceDraft,
  type CreateDraftInput, type PatchDraftInput, type PlaceDraftInput,
} from './draft.schemas.ts'
import { assignDraft, createDraft, discardDraft, handBackDraft, holdDraft, patchDraft, releaseDraft } from './draft.service.ts'
import { idempotentWrite, ok } from './idempotent.ts'
import { placeDraft } from './place-draft.ts'
import { seesShop, type Actor } from '../auth/actor.ts'
import { findShop } from '../shops/shop.repo.ts'
import { searchCatalogue } from './catalogue-search.ts'
import type { PaymentGateway } from '../payments/gateway.ts'
import type { DraftRow } from './draft.repo.ts'
import type { StoredResponse } from '../http/idempotency.ts'

const tags = ['Drafts']
const Params = Type.Object({ id: Id })
const Note = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false })
const perm = { permission: 'drafts.manage' as const }

export function draftRoutes(app: FastifyInstance, { db, gateway }: AppContext): void {
  const read = async (trx: Database, actor: Actor, id: string) => draftToApi(trx, await findDraft(actor, trx, id))

  app.post<{ Body: CreateDraftInput }>('/drafts', {
    config: perm,
    schema: { tags, summary: 'Start a draft order (phone order, a storefront cart, ...)', body: CreateDraft, response: responses({ 201: Draft }) },
  }, (req, reply) => idempotentWrite(db, req, reply, async (trx) =>
    ok(201, await read(trx, req.actor, await createDraft(trx, req.actor, req.body)))))

  app.get<{ Querystring: DraftQuery }>('/drafts', {
    config: perm,
    schema: { tags, summary: 'Drafts, most recently changed first', querystring: DraftQuery, response: responses({ 200: ListOf(DraftSummary) }) },
  }, async (req) => ({ items: await listDrafts(db, req.actor, req.query) }))

  app.get<{ Querystring: { shop: string; q?: string } }>('/drafts/catalogue', {
    config: perm,
    schema: {
      tags, summary: "Products for a draft: by SKU or name, with the shop's price and free stock",
      querystring: Type.Object({ shop: Type.String({ maxLength: 24 }), q: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
      response: responses({ 200: ListOf(Type.Object({ sku: Type.String(), name: Type.String(), kind: Type.String(), price: Type.Integer(), available: Type.Integer() })) }),
    },
  }, async (req) => {
    const shop = await findShop(db, req.query.shop)
    if (!seesShop(req.actor, shop.code)) throw new DomainError('shop_not_found', `There is no shop "${req.query.shop}"`)
    return { items: await searchCatalogue(db, shop, req.query.q ?? '') }
  })

  app.get<{ Params: { id: string } }>('/drafts/:id', {
    config: perm,
    schema: { tags, summary: 'A draft with live totals and stock availability', params: Params, response: responses({ 200: Draft }) },
  }, async (req) => read(db, req.actor, req.params.id))

  app.patch<{ Params: { id: string }; Body: PatchDraftInput }>('/drafts/:id', {
    config: perm,
    schema: { tags, summary: 'Change lines, customer, addresses, shipping, prices (with a reason)', params: Params, body: PatchDraft, response: responses({ 200: Draft }) },
  }, (req, reply) => idempotentWrite(db, req, reply, async (trx) => {
    await patchDraft(trx, req.actor, req.params.id, req.body)
    return ok(200, await read(trx, req.actor, req.params.id))
  }))

  app.delete<{ Params: { id: string } }>('/drafts/:id', {
    config: perm,
    schema: { tags, summary: 'Discard the draft, releasing any stock it holds', params: Params, response: responses({ 200: Draft }) },
  }, (req, reply) => idempotentWrite(db, req, reply, async (trx) => {
    await discardDraft(trx, req.actor, req.params.id)
    return ok(200, await read(trx, req.actor, req.params.id))
  }))

  const action = <B>(name: string, summary: string, body: object, run: (trx: Database, actor: Actor, id: string, body: B) => Promise<unknown>) =>
    app.post<{ Params: { id: string }; Body: B }>(`/drafts/:id/actions/${name}`, {
      config: perm, schema: { tags, summary, params: Params, body, response: responses({ 200: Draft }) },
    }, (req, reply) => idempotentWrite(db, req, reply, async (trx) => {
      await run(trx, req.actor, req.params.id, (req.body ?? {}) as B)
      return ok(200, await read(trx, req.actor, req.params.id))
    }))
  action<{ until: string }>('hold', 'Keep the stock reserved until a time', HoldDraft, (trx, a, id, b) => holdDraft(trx, a, id, b.until))
  action('release', 'End the hold and release the stock', Type.Optional(Note), (trx, a, id) => releaseDraft(trx, a, id))
  action<{ userId?: string; note?: string }>('assign', 'Take over the draft, or give it to a colleague', Type.Optional(AssignDraft), (trx, a, id, b) => assignDraft(trx, a, id, b))
  action<{ note?: string }>('hand-back', 'Hand the draft to the customer, who finishes it with a code', Type.Optional(Note), (trx, a, id, b) => handBackDraft(trx, a, id, b.note))
  action<{ note?: string }>('discard', 'Discard the draft', Type.Optional(Note), (trx, a, id, b) => discardDraft(trx, a, id, b.note))

  const placeResponse = async (trx: Database, actor: Actor, gw: PaymentGateway, draft: DraftRow, body: PlaceDraftInput, key: string | null, url: string): Promise<StoredResponse> => {
    const { order, outcome } = await placeDraft(trx, gw, actor, draft, body, key)
    return outcome.ok ? ok(201, orderToApi(order, actor)) : { statusCode: outcome.error.status, body: problemOf(outcome.error, url) }
  }

  app.post<{ Params: { id: string }; Body: PlaceDraftInput }>('/drafts/:id/actions/place', {
    config: { permission: 'orders.create' },
    schema: { tags, summary: 'Place the draft: the same placement as POST /orders', params: Params, body: PlaceDraft, response: responses({ 201: Order }) },
  }, (req, reply) => idempotentWrite(db, req, reply, async (trx) =>
    placeResponse(trx, req.actor, gateway, await findDraft(req.actor, trx, req.params.id, true), req.body, keyOf(req.headers), req.url)))

  app.get<{ Params: { id: string } }>('/drafts/:id/history', {
    config: perm,
    schema: { tags, summary: "The draft's history", params: Params, response: responses({ 200: ListOf(DeskHistoryEntry) }) },
  }, async (req) => { await findDraft(req.actor, db, req.params.id); return { items: await historyOf(db, 'draft', req.params.id) } })

  // The customer finishes a handed-back draft through the storefront, with the code.
  const Code = Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9]{10}$' }) })
  app.get<{ Params: { code: string } }>('/draft-checkout/:code', {
    config: { permission: 'orders.create' },
    schema: { tags, summary: 'A handed-back draft, by the code the customer got', params: Code, response: responses({ 200: Draft }) },
  }, async (req) => draftToApi(db, await handedBack(await findDraftByCode(req.actor, db, req.params.code))))

  app.post<{ Params: { code: string }; Body: PlaceDraftInput }>('/draft-checkout/:code/place', {
    config: { permission: 'orders.create' },
    schema: { tags, summary: 'The customer places a handed-back draft', params: Code, body: PlaceDraft, response: responses({ 201: Order }) },
  }, (req, reply) => idempotentWrite(db, req, reply, async (trx) =>
    placeResponse(trx, req.actor, gateway, await handedBack(await findDraftByCode(req.actor, trx, req.params.code, true)), req.body, keyOf(req.headers), req.url)))
}

const keyOf = (headers: Record<string, unknown>) => (typeof headers['idempotency-key'] === 'string' ? headers['idempotency-key'] : null)

async function handedBack(draft: DraftRow): Promise<DraftRow> {
  if (draft.status !== 'handed_back') throw new DomainError('draft_not_found', 'No draft waits for the customer under this code')
  return draft
}
