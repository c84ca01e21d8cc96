/** The ids of the orders a bulk filter selects (ids only: a bulk run holds no orders in memory). */
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { filtersOf } from '../orders/order-filters.ts'
import type { ExportFilter } from '../exports/export-filter.ts'

/** At most this many orders per bulk run. */
export const bulkLimit = 10_000

export async function streamOrderIds(db: Database, actor: Actor, filter: ExportFilter): Promise<string[]> {
  const rows = await db.selectFrom('orders').select('id')
    .where(filtersOf(filter))
    .$if(actor.shops !== null, (qb) => qb.where('shop_code', 'in', actor.shops!.length ? [...actor.shops!] : ['']))
    .orderBy('created_at').orderBy('id').limit(bulkLimit).execute()
  return rows.map((r) => r.id)
}
