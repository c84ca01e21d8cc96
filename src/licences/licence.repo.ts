/** Reading licence rows, their activations and history. */
import type { Selectable } from 'kysely'
import { actorColumns, seesShop, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { LicencesTable } from '../db/tables/vouchers.ts'
import { DomainError } from '../http/errors.ts'
import type { EventType } from '../orders/events.ts'

export type LicenceRow = Selectable<LicencesTable>

/** The licence with this key; another shop's licence does not exist for the actor (404). */
export async function findLicence(db: Database, actor: Actor, key: string, lock = false): Promise<LicenceRow> {
  let query = db.selectFrom('licences').selectAll().where('key', '=', key.trim().toUpperCase())
  if (lock) query = query.forUpdate()
  const row = await query.executeTakeFirst()
  if (!row || !seesShop(actor, row.shop_code)) throw new DomainError('licence_not_found', `There is no licence "${key}"`)
  return row
}

export async function appendLicenceHistory(trx: Database, actor: Actor, licenceId: string, type: string, note: string | null = null): Promise<void> {
  await trx.insertInto('licence_history').values({ licence_id: licenceId, type, note, ...actorColumns(actor) }).execute()
}

export async function licenceEvent(trx: Database, type: EventType, l: LicenceRow, payload: Record<string, unknown> = {}): Promise<void> {
  await trx.insertInto('events').values({
    type, order_id: l.order_id, shop_code: l.shop_code,
    payload: JSON.stringify({ orderId: l.order_id, licenceId: l.id, key: l.key, sku: l.sku, expiresAt: l.expires_at, ...payload }),
  }).execute()
}
