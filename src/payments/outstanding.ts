/**
 * What is still to come in across the orders a finance desk is looking at (A32, seed 002):
 * per currency (never adding CHF to EUR), summed by the database over every order matching
 * the search's filters, not over the rows a page happens to show.
 */
import { sql } from 'kysely'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { scopedOrders } from '../exports/export-filter.ts'
import { resolveSkus, type OrderQuery } from '../orders/order-filters.ts'

export interface OutstandingTotal { currency: string; amount: number; orders: number }

/** The SQL twin of owedBy(): nothing for cancelled or returned orders; credits are not asked for again. */
const owed = sql<number>`case when status in ('cancelled', 'returned') then 0
  else greatest(0, total - credited - (captured - refunded)) end`

export async function outstandingTotals(db: Database, actor: Actor, given: OrderQuery): Promise<{ totals: OutstandingTotal[] }> {
  // The same orders the list and the export hold for these filters and this caller.
  const rows = await scopedOrders(db, actor, await resolveSkus(db, given))
    .select(['currency', sql<string>`coalesce(sum(${owed}), 0)`.as('amount'), sql<string>`count(*) filter (where ${owed} > 0)`.as('orders')])
    .groupBy('currency').orderBy('currency')
    .execute()
  // Sums come back as numeric text (bigint sums); every amount is bounded far below 2^53.
  return { totals: rows.map((r) => ({ currency: r.currency, amount: Number(r.amount), orders: Number(r.orders) })).filter((t) => t.orders > 0) }
}
