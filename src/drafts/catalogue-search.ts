/** Products for the new order screen: by SKU or name, with the shop's price and the free stock. */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import type { ShopRow } from '../shops/shop.repo.ts'

export async function searchCatalogue(db: Database, shop: ShopRow, q: string, limit = 20) {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const rows = await db.selectFrom('products as p')
    .leftJoin('stock_levels as s', 's.sku', 'p.sku')
    .select(['p.sku', 'p.name', 'p.kind', 'p.prices', sql<number>`coalesce(sum(s.on_hand - s.reserved), 0)::int`.as('available')])
    .where((eb) => eb.or([eb('p.sku', 'ilike', like), eb('p.name', 'ilike', like)]))
    .groupBy(['p.sku', 'p.name', 'p.kind', 'p.prices'])
    .orderBy('p.sku').limit(limit).execute()
  return rows
    .filter((r) => r.prices[shop.currency] !== undefined)
    .map((r) => ({ sku: r.sku, name: r.name, kind: r.kind, price: r.prices[shop.currency], available: Number(r.available) }))
}
