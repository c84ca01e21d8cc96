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

/** Applies on-hand and reserved differences in one statement; the rows must be locked already. */
export async function applyStockChanges(trx: Database, changes: StockChange[]): Promise<void> {
  await writeTogether(trx, stockWrites(changes))
}

/**
 * The update that applies the differences (none when nothing changes), to go with a change's
 * other writes in one statement (writeTogether); the rows must be locked already.
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
  return [{
    update: (db) => db.updateTable('stock_levels as s')
      .from(sql`(values ${values})`.as('v'))
      .set({ on_hand: sql`s.on_hand + v.column3`, reserved: sql`s.reserved + v.column4`, updated_at: sql`now()` })
      .where(sql<boolean>`s.warehouse_code = v.column1 and s.sku = v.column2`),
  }]
}

/** Locks the rows, then applies the changes: for paths that did not lock them already. */
export async function changeStock(trx: Database, changes: StockChange[]): Promise<void> {
  if (changes.length === 0) return
  await trx.selectFrom('stock_levels').select('sku')
    .where((eb) => eb.or(changes.map((c) => eb.and([eb('sku', '=', c.sku), eb('warehouse_code', '=', c.warehouse)]))))
    .orderBy('sku').orderBy('warehouse_code')
    .forUpdate()
    .execute()
  await applyStockChanges(trx, changes)
}
