/**
 * Stock rows per SKU and warehouse. Every change locks the rows it touches first, in
 * one fixed order (SKU, then warehouse), so concurrent orders queue instead of deadlocking;
 * the table's check constraint refuses anything that would oversell.
 */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { writeTogether, type Update } from '../db/write-together.ts'

export interface StockLevel { warehouse: string; sku: string; onHand: number; reserved: number; priority: number }

export interface StockChange {
  warehouse: string
  sku: string
  onHand?: number
  reserved?: number
}

/** Locks and returns every stock row of these SKUs, in the warehouses' priority order. */
export async function lockStock(trx: Database, skus: string[]): Promise<StockLevel[]> {
  if (skus.length === 0) return []
  const rows = await trx.selectFrom('stock_levels as s')
    .innerJoin('warehouses as w', 'w.code', 's.warehouse_code')
    .select(['s.warehouse_code', 's.sku', 's.on_hand', 's.reserved', 'w.priority'])
    .where('s.sku', 'in', [...new Set(skus)].sort())
    .orderBy('s.sku').orderBy('s.warehouse_code')
    .forUpdate('s')
    .execute()
  return stockLevels(rows)
}

export interface StockLevelRow { warehouse_code: string; sku: string; on_hand: number; reserved: number; priority: number }

/** Stock rows as levels, in the warehouses' priority order (the order allocation takes them in). */
export function stockLevels(rows: StockLevelRow[]): StockLevel[] {
  return rows
    .map((r) => ({ warehouse: r.warehouse_code, sku: r.sku, onHand: r.on_hand, reserved: r.reserved, priority: r.priority }))
    .sort((a, b) => a.priority - b.priority || a.warehouse.localeCompare(b.warehouse))
}

/** Applies on-hand and reserved differences in one statement, which locks the rows it changes (stockWrites). */
export async function changeStock(trx: Database, changes: StockChange[]): Promise<void> {
  await writeTogether(trx, stockWrites(changes))
}

/**
 * The update that applies the differences (none when nothing changes), to go with a change's
 * other writes in one statement (writeTogether). It locks its rows itself, in the fixed order,
 * before it changes them: a change that read the stock unlocked (placement) holds the rows from
 * this statement to its commit only, and two such changes still queue instead of deadlocking.
 * Rows locked before stay locked; the check constraint refuses a change that would oversell.
 */
export function stockWrites(changes: StockChange[]): Update[] {
  const merged = new Map<string, Required<StockChange>>()
  for (const c of changes) {
    const key = `${c.sku}\u0000${c.warehouse}`
    const m = merged.get(key) ?? { warehouse: c.warehouse, sku: c.sku, onHand: 0, reserved: 0 }
    m.onHand += c.onHand ?? 0
    m.reserved += c.reserved ?? 0
    merged.set(key, m)
  }
  const rows = [...merged.values()].filter((c) => c.onHand !== 0 || c.reserved !== 0)
  if (rows.length === 0) return []
  // A VALUES list names its columns column1, column2, ...: warehouse, SKU, on-hand and reserved differences.
  const values = sql.join(rows.map((c) => sql`(${c.warehouse}, ${c.sku}, ${c.onHand}::int, ${c.reserved}::int)`))
  // A sub-select with FOR UPDATE is not merged into the update: it sorts, then locks row by row.
  const locked = sql`(select l.warehouse_code, l.sku, v.column3 as on_hand, v.column4 as reserved
    from stock_levels l join (values ${values}) v on l.warehouse_code = v.column1 and l.sku = v.column2
    order by l.sku, l.warehouse_code for update of l)`
  return [{
    update: (db) => db.updateTable('stock_levels as s')
      .from(locked.as('d'))
      .set({ on_hand: sql`s.on_hand + d.on_hand`, reserved: sql`s.reserved + d.reserved`, updated_at: sql`now()` })
      .where(sql<boolean>`s.warehouse_code = d.warehouse_code and s.sku = d.sku`),
  }]
}

/** Whether a stock write was refused because it would have reserved more than is on hand. */
export function isStockShortfall(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string }
  return e.code === '23514' && e.constraint === 'stock_reserved_within_on_hand'
}
