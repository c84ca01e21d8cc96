/** What a customer's page shows beyond the row: tags, notes, flag history, order count, lifetime value, address book. */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { actorColumns, type Actor } from '../auth/actor.ts'
import { uuidv7 } from '../shared/ids.ts'
import type { Address } from '../db/schema.ts'

export interface CustomerStats { orderCount: number; lifetimeValue: { currency: string; amount: number }[] }

/**
 * Orders and lifetime value (what the orders are worth net of refunds; cancelled ones count
 * for nothing), per currency, for many customers in one query.
 */
export async function statsOf(db: Database, customerIds: string[]): Promise<Map<string, CustomerStats>> {
  const stats = new Map<string, CustomerStats>(customerIds.map((id) => [id, { orderCount: 0, lifetimeValue: [] }]))
  if (customerIds.length === 0) return stats
  const rows = await db.selectFrom('orders')
    .select(['customer_id', 'currency', (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`coalesce(sum(total - refunded) filter (where status <> 'cancelled'), 0)`.as('value')])
    .where('customer_id', 'in', customerIds).groupBy(['customer_id', 'currency']).orderBy('currency').execute()
  for (const r of rows) {
    const s = stats.get(r.customer_id)!
    s.orderCount += Number(r.n)
    s.lifetimeValue.push({ currency: r.currency, amount: Number(r.value) })
  }
  return stats
}

export async function tagsOf(db: Database, customerIds: string[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>(customerIds.map((id) => [id, []]))
  if (customerIds.length === 0) return tags
  const rows = await db.selectFrom('customer_tags').selectAll().where('customer_id', 'in', customerIds).orderBy('tag').execute()
  for (const r of rows) tags.get(r.customer_id)!.push(r.tag)
  return tags
}

/** Replaces the customer's tags; the change is written to the customer's history. */
export async function setTags(trx: Database, actor: Actor, customerId: string, tags: string[]): Promise<string[]> {
  const wanted = [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort()
  const before = (await tagsOf(trx, [customerId])).get(customerId)!
  if (before.join(',') === wanted.join(',')) return before
  await trx.deleteFrom('customer_tags').where('customer_id', '=', customerId).execute()
  if (wanted.length) await trx.insertInto('customer_tags').values(wanted.map((tag) => ({ customer_id: customerId, tag }))).execute()
  await addHistory(trx, actor, customerId, { type: 'tags', field: 'tags', from_value: before.join(', '), to_value: wanted.join(', ') })
  return wanted
}

export async function addNote(trx: Database, actor: Actor, customerId: string, text: string) {
  const row = await trx.insertInto('customer_notes').values({ id: uuidv7(), customer_id: customerId, text, ...actorColumns(actor) })
    .returningAll().executeTakeFirstOrThrow()
  return noteToApi(row)
}

export async function notesOf(db: Database, customerId: string) {
  const rows = await db.selectFrom('customer_notes').selectAll().where('customer_id', '=', customerId).orderBy('at', 'desc').orderBy('id', 'desc').execute()
  return rows.map(noteToApi)
}

const noteToApi = (r: { id: string; text: string; at: Date; actor_kind: string; actor_id: string; actor_name: string }) =>
  ({ id: r.id, text: r.text, at: r.at.toISOString(), actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name } })

export interface HistoryInput { type: string; field?: string; from_value?: string | null; to_value?: string | null; reason?: string | null }

export async function addHistory(trx: Database, actor: Actor, customerId: string, entry: HistoryInput): Promise<void> {
  await trx.insertInto('customer_history').values({
    customer_id: customerId, type: entry.type, field: entry.field ?? null, from_value: entry.from_value ?? null,
    to_value: entry.to_value ?? null, reason: entry.reason ?? null, ...actorColumns(actor),
  }).execute()
}

export async function historyOf(db: Database, customerId: string) {
  const rows = await db.selectFrom('customer_history').selectAll().where('customer_id', '=', customerId).orderBy('id', 'desc').execute()
  return rows.map((r) => ({
    at: r.at.toISOString(), type: r.type, field: r.field, from: r.from_value, to: r.to_value, reason: r.reason,
    actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
  }))
}

/** The address book: every distinct address the customer ordered with, most recently used first. */
export async function addressesOf(db: Database, customerId: string, shops: readonly string[] | null) {
  const { rows } = await sql<{ address: Address; last_used: Date; uses: number }>`
    select a.address, max(o.created_at) as last_used, count(distinct o.id) as uses
    from orders o cross join lateral (values (o.billing_address), (o.shipping_address)) as a(address)
    where o.customer_id = ${customerId} and a.address is not null and a.address <> 'null'::jsonb
      ${shops === null ? sql`` : sql`and o.shop_code = any(${[...shops]}::text[])`}
    group by a.address order by last_used desc limit 50`.execute(db)
  return rows.map((r) => ({ ...r.address, lastUsed: new Date(r.last_used).toISOString(), uses: Number(r.uses) }))
}
