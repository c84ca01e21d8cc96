/** Reading and locking drafts, scoped to the caller's shops. */
import type { Selectable } from 'kysely'
import { seesShop, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { DraftsTable } from '../db/tables/drafts.ts'
import { DomainError } from '../http/errors.ts'

export type DraftRow = Selectable<DraftsTable>

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The draft, locked for the rest of the transaction when `lock`; 404 for another shop's. */
export async function findDraft(actor: Actor, db: Database, id: string, lock = false): Promise<DraftRow> {
  if (!uuid.test(id)) throw new DomainError('draft_not_found', `There is no draft ${id}`)
  let q = db.selectFrom('drafts').selectAll().where('id', '=', id)
  if (lock) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  if (!row || !seesShop(actor, row.shop_code)) throw new DomainError('draft_not_found', `There is no draft ${id}`)
  return row
}

export async function findDraftByCode(actor: Actor, db: Database, code: string, lock = false): Promise<DraftRow> {
  let q = db.selectFrom('drafts').selectAll().where('hand_back_code', '=', code.toUpperCase())
  if (lock) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  if (!row || !seesShop(actor, row.shop_code)) throw new DomainError('draft_not_found', 'No draft has this code')
  return row
}

export async function updateDraft(trx: Database, id: string, set: Partial<Record<keyof DraftRow, unknown>>): Promise<void> {
  const values: Record<string, unknown> = { ...set, updated_at: new Date() }
  for (const k of ['customer', 'lines', 'billing_address', 'shipping_address', 'b2b'] as const) {
    if (k in values) values[k] = JSON.stringify(values[k])
  }
  await trx.updateTable('drafts').set(values as never).where('id', '=', id).execute()
}
