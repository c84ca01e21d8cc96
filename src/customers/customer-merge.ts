/**
 * Merging duplicates (A28, seed 003): the duplicate's orders, notes, tags, history and
 * anything else that points at it move to the survivor, the stricter flags win, and the
 * duplicate is deleted; its id keeps pointing at the survivor in customer_merges. Audited.
 */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { actorColumns, type Actor } from '../auth/actor.ts'
import { recordAudit } from '../auth/audit.ts'
import { customerVisible, type CustomerRow } from './customer.service.ts'
import { addHistory } from './customer-profile.ts'
import { isUuid } from '../shared/ids.ts'

/** Tables of this module handled one by one below; every other reference is repointed generically. */
const handled = new Set(['orders', 'customer_tags', 'customer_notes', 'customer_history', 'customer_merges', 'customer_erasures'])

export async function mergeCustomers(trx: Database, actor: Actor, survivorId: string, duplicateId: string, note?: string) {
  if (!isUuid(survivorId) || !isUuid(duplicateId)) throw new DomainError('customer_not_found', 'There is no such customer')
  if (survivorId === duplicateId) throw new DomainError('merge_not_possible', 'A customer cannot be merged into itself')
  // Both rows locked in id order, so two merges of the same pair cannot deadlock.
  const rows = await trx.selectFrom('customers').selectAll().where('id', 'in', [survivorId, duplicateId]).orderBy('id').forUpdate().execute()
  const survivor = rows.find((r) => r.id === survivorId)
  const duplicate = rows.find((r) => r.id === duplicateId)
  for (const [row, id] of [[survivor, survivorId], [duplicate, duplicateId]] as const) {
    if (!row || !customerVisible(actor, row)) throw new DomainError('customer_not_found', `There is no customer "${id}"`)
  }
  const erased = await trx.selectFrom('customer_erasures').select('customer_id').where('customer_id', 'in', [survivorId, duplicateId]).execute()
  if (erased.length) throw new DomainError('merge_not_possible', 'An erased customer cannot be merged')

  // updated_at tells the analytics roll-ups which orders changed (their customer months are rebuilt).
  const moved = await trx.updateTable('orders').set({ customer_id: survivorId, updated_at: new Date() }).where('customer_id', '=', duplicateId).executeTakeFirst()
  const ordersMoved = Number(moved.numUpdatedRows)
  await sql`insert into customer_tags (customer_id, tag) select ${survivorId}, tag from customer_tags where customer_id = ${duplicateId} on conflict do nothing`.execute(trx)
  await trx.updateTable('customer_notes').set({ customer_id: survivorId }).where('customer_id', '=', duplicateId).execute()
  await trx.updateTable('customer_history').set({ customer_id: survivorId }).where('customer_id', '=', duplicateId).execute()
  await trx.updateTable('customer_merges').set({ survivor_id: survivorId }).where('survivor_id', '=', duplicateId).execute()
  await repointOtherReferences(trx, survivorId, duplicateId)
  await keepStricterFlags(trx, actor, survivor!, duplicate!)

  await trx.insertInto('customer_merges').values({
    merged_id: duplicateId, survivor_id: survivorId, merged_email: duplicate!.email, orders_moved: ordersMoved, ...actorColumns(actor),
  }).execute()
  await addHistory(trx, actor, survivorId, { type: 'merge', field: 'customer', from_value: `${duplicate!.name} <${duplicate!.email}> (${duplicateId})`, to_value: survivorId, reason: note ?? null })
  await recordAudit(trx, actor, 'customer.merge', 'customer', survivorId, { duplicate: duplicateId, duplicateEmail: duplicate!.email, ordersMoved, note: note ?? null }, [...new Set([...survivor!.shops, ...duplicate!.shops])])
  await trx.insertInto('events').values({ type: 'customer.merged', order_id: null, shop_code: null, payload: JSON.stringify({ customerId: survivorId, mergedId: duplicateId, ordersMoved }) }).execute()
  await trx.deleteFrom('customers').where('id', '=', duplicateId).execute()
  return { ordersMoved }
}

async function keepStricterFlags(trx: Database, actor: Actor, survivor: CustomerRow, duplicate: CustomerRow): Promise<void> {
  const shops = [...new Set([...survivor.shops, ...duplicate.shops])]
  const blocked = survivor.blocked || duplicate.blocked
  const requiresApproval = survivor.requires_approval || duplicate.requires_approval
  const reason = `merged with ${duplicate.email}, whose flag it was`
  if (blocked !== survivor.blocked) await addHistory(trx, actor, survivor.id, { type: 'flag', field: 'blocked', from_value: 'false', to_value: 'true', reason })
  if (requiresApproval !== survivor.requires_approval) await addHistory(trx, actor, survivor.id, { type: 'flag', field: 'requiresApproval', from_value: 'false', to_value: 'true', reason })
  await trx.updateTable('customers').set({ shops, blocked, requires_approval: requiresApproval, updated_at: new Date() }).where('id', '=', survivor.id).execute()
}

/** Other modules' tables that point at customers (drafts, quotes, vouchers, ...) follow the survivor too. */
async function repointOtherReferences(trx: Database, survivorId: string, duplicateId: string): Promise<void> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select c.conrelid::regclass::text as table_name, a.attname as column_name
    from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'f' and c.confrelid = 'customers'::regclass and array_length(c.conkey, 1) = 1`.execute(trx)
  for (const r of rows.filter((x) => !handled.has(x.table_name))) {
    await sql`update ${sql.table(r.table_name)} set ${sql.ref(r.column_name)} = ${survivorId} where ${sql.ref(r.column_name)} = ${duplicateId}`.execute(trx)
  }
}
