/** Which orders an export holds: the search filters, the actor's shops, or a list of ids. */
import { sql } from 'kysely'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { filtersOf, type OrderQuery } from '../orders/order-filters.ts'

export type ExportFilter = Omit<OrderQuery, 'limit' | 'cursor' | 'sort'> & { ids?: string[] }

/** The orders of the filter that this actor may see. */
export const scopedOrders = (db: Database, actor: Actor, filter: ExportFilter) => db.selectFrom('orders')
  .where(filtersOf(filter))
  .$if(actor.shops !== null, (qb) => qb.where('shop_code', 'in', actor.shops!.length ? [...actor.shops!] : ['']))
  .$if(filter.ids !== undefined, (qb) => qb.where('id', 'in', filter.ids!.length ? filter.ids! : ['00000000-0000-0000-0000-000000000000']))

/** Checks the filters (bad ones throw validation_failed) before anything is streamed. */
export function checkExportFilter(db: Database, actor: Actor, filter: ExportFilter): void {
  scopedOrders(db, actor, filter).select('id').compile()
}

export async function countOrders(db: Database, actor: Actor, filter: ExportFilter): Promise<number> {
  const row = await scopedOrders(db, actor, filter).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
