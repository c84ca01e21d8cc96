/** Consultation requests (A19): taken in, confirmed, assigned, worked on, turned into a draft order. */
import type { Selectable } from 'kysely'
import { seesShop, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { ConsultationsTable } from '../db/tables/drafts.ts'
import { DomainError } from '../http/errors.ts'
import { findShop } from '../shops/shop.repo.ts'
import { uuidv7 } from '../shared/ids.ts'
import { emit, record } from '../drafts/desk-history.ts'
import { assigneeFor, createDraft } from '../drafts/draft.service.ts'
import { nextState } from '../drafts/machine.ts'
import { consultationActionsFrom, consultationMachine, type ConsultationAction, type ConsultationStatus } from './consultation.machine.ts'
import type { RequestConsultationInput } from './consultation.schemas.ts'

export type ConsultationRow = Selectable<ConsultationsTable>
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function findConsultation(actor: Actor, db: Database, id: string, lock = false): Promise<ConsultationRow> {
  if (!uuid.test(id)) throw new DomainError('consultation_not_found', `There is no consultation request ${id}`)
  let q = db.selectFrom('consultations').selectAll().where('id', '=', id)
  if (lock) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  if (!row || !seesShop(actor, row.shop_code)) throw new DomainError('consultation_not_found', `There is no consultation request ${id}`)
  return row
}

export async function requestConsultation(trx: Database, actor: Actor, input: RequestConsultationInput): Promise<string> {
  const shop = await findShop(trx, input.shop)
  if (!seesShop(actor, shop.code)) throw new DomainError('shop_not_found', `There is no shop "${input.shop}"`)
  const products = [...new Set(input.products ?? [])]
  if (products.length) {
    const found = await trx.selectFrom('products').select('sku').where('sku', 'in', products).execute()
    const unknown = products.filter((s) => !found.some((f) => f.sku === s))
    if (unknown.length) throw new DomainError('unknown_sku', `No such product: ${unknown.join(', ')}`, { skus: unknown })
  }
  const id = uuidv7()
  await trx.insertInto('consultations').values({
    id, shop_code: shop.code, status: 'pending_confirmation', contact: JSON.stringify(input.contact), message: input.message,
    products, preferred_time: input.preferredTime ?? null, assignee_id: null, assignee_name: null, draft_id: null,
  }).execute()
  await record(trx, actor, 'consultation', id, 'transition', { action: 'request', from: null, to: 'pending_confirmation', note: input.message })
  await emit(trx, 'consultation.requested', shop.code, { consultationId: id, customerEmail: input.contact.email, customerName: input.contact.name })
  return id
}

/** Every action but convert: status changes, assignment, notes. */
export async function runConsultationAction(trx: Database, actor: Actor, id: string, action: Exclude<ConsultationAction, 'convert'>, input: { note?: string; userId?: string }): Promise<void> {
  const row = await findConsultation(actor, trx, id, true)
  const to = nextState(consultationMachine, 'consultation request', action, row.status as ConsultationStatus)
  const now = new Date()
  if (action === 'note') {
    if (!input.note?.trim()) throw new DomainError('validation_failed', 'A note needs text', { errors: [{ path: 'note', message: 'is required' }] })
    await trx.updateTable('consultations').set({ updated_at: now }).where('id', '=', id).execute()
    return record(trx, actor, 'consultation', id, 'note', { action, note: input.note })
  }
  if (action === 'assign') {
    const who = await assigneeFor(trx, actor, input.userId)
    await trx.updateTable('consultations').set({ assignee_id: who.id, assignee_name: who.name, updated_at: now }).where('id', '=', id).execute()
    await record(trx, actor, 'consultation', id, 'assignment', { action, note: `Assigned to ${who.name}${input.note ? `: ${input.note}` : ''}` })
    return emit(trx, 'consultation.assigned', row.shop_code, { consultationId: id, assignee: who })
  }
  await trx.updateTable('consultations').set({ status: to, updated_at: now }).where('id', '=', id).execute()
  await record(trx, actor, 'consultation', id, 'transition', { action, from: row.status, to, note: input.note ?? null })
  await emit(trx, 'consultation.status_changed', row.shop_code, { consultationId: id, from: row.status, to })
}

/** A draft order for the contact with the products of interest; the request is then being worked on. */
export async function convertConsultation(trx: Database, actor: Actor, id: string): Promise<string> {
  const row = await findConsultation(actor, trx, id, true)
  const to = nextState(consultationMachine, 'consultation request', 'convert', row.status as ConsultationStatus)
  if (row.draft_id) {
    const draft = await trx.selectFrom('drafts').select('status').where('id', '=', row.draft_id).executeTakeFirst()
    if (draft && ['open', 'held', 'handed_back'].includes(draft.status)) return row.draft_id
  }
  const c = row.contact
  const draftId = await createDraft(trx, actor, {
    shop: row.shop_code,
    // By e-mail: placement finds the customer or makes a guest, as it does for any order.
    customer: { email: c.email, name: c.name, ...(c.phone && { phone: c.phone }) },
    lines: row.products.map((sku) => ({ sku, quantity: 1 })),
    note: `From consultation request: ${row.message}`.slice(0, 4000), source: 'consultation',
  }, { consultationId: id })
  const who = row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : { id: actor.id, name: actor.name }
  await trx.updateTable('consultations').set({ status: to, draft_id: draftId, assignee_id: who.id, assignee_name: who.name, updated_at: new Date() }).where('id', '=', id).execute()
  await record(trx, actor, 'consultation', id, 'transition', { action: 'convert', from: row.status, to, note: `Draft ${draftId}` })
  await emit(trx, 'consultation.converted', row.shop_code, { consultationId: id, draftId })
  return draftId
}

export async function consultationToApi(db: Database, row: ConsultationRow) {
  const names = row.products.length ? await db.selectFrom('products').select(['sku', 'name']).where('sku', 'in', row.products).execute() : []
  return {
    id: row.id, shop: row.shop_code, status: row.status as ConsultationStatus,
    contact: { name: row.contact.name, email: row.contact.email, phone: row.contact.phone ?? null },
    message: row.message, products: row.products.map((sku) => ({ sku, name: names.find((n) => n.sku === sku)?.name ?? sku })),
    preferredTime: row.preferred_time,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    draftId: row.draft_id,
    waitingMinutes: Math.max(0, Math.floor((Date.now() - row.created_at.getTime()) / 60_000)),
    allowedActions: consultationActionsFrom(row.status as ConsultationStatus),
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  }
}
