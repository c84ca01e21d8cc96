/** Warehouses and the stock counted in them. */
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import type { CreateWarehouseInput, StockApi, StockLevelApi, WarehouseApi } from './inventory.schemas.ts'

export async function createWarehouse(trx: Database, input: CreateWarehouseInput): Promise<WarehouseApi> {
  const exists = await trx.selectFrom('warehouses').select('code').where('code', '=', input.code).executeTakeFirst()
  if (exists) throw new DomainError('already_exists', `A warehouse "${input.code}" already exists`)
  const row = await trx.insertInto('warehouses')
    .values({ code: input.code, name: input.name, priority: input.priority ?? 0 })
    .returningAll().executeTakeFirstOrThrow()
  return { code: row.code, name: row.name, priority: row.priority, createdAt: row.created_at.toISOString() }
}

export async function listWarehouses(db: Database): Promise<WarehouseApi[]> {
  const rows = await db.selectFrom('warehouses').selectAll().orderBy('priority').orderBy('code').execute()
  return rows.map((row) => ({ code: row.code, name: row.name, priority: row.priority, createdAt: row.created_at.toISOString() }))
}

/** Sets what was counted on hand. It may not go below what open orders have reserved. */
export async function setOnHand(trx: Database, warehouse: string, sku: string, onHand: number): Promise<StockLevelApi> {
  return changeOnHand(trx, warehouse, sku, () => onHand)
}

/**
 * Adds goods received (or takes away goods written off) relative to what is there now:
 * safe beside concurrent shipments, unlike setting a counted figure read a moment before.
 */
export async function adjustOnHand(trx: Database, warehouse: string, sku: string, delta: number): Promise<StockLevelApi> {
  return changeOnHand(trx, warehouse, sku, (current) => current + delta)
}

async function changeOnHand(trx: Database, warehouse: string, sku: string, next: (current: number) => number): Promise<StockLevelApi> {
  const [w, p] = await Promise.all([
    trx.selectFrom('warehouses').select('code').where('code', '=', warehouse).executeTakeFirst(),
    trx.selectFrom('products').select(['sku', 'kind']).where('sku', '=', sku).executeTakeFirst(),
  ])
  if (!w) throw new DomainError('warehouse_not_found', `There is no warehouse "${warehouse}"`)
  if (!p) throw new DomainError('product_not_found', `There is no product "${sku}"`)
  const current = await trx.selectFrom('stock_levels').select(['on_hand', 'reserved'])
    .where('warehouse_code', '=', warehouse).where('sku', '=', sku).forUpdate().executeTakeFirst()
  const onHand = next(current?.on_hand ?? 0)
  const reserved = current?.reserved ?? 0
  if (onHand < reserved || onHand < 0) {
    throw new DomainError('stock_below_reserved', `${reserved} of ${sku} are reserved in ${warehouse}; on hand cannot be ${onHand}`, { reserved })
  }
  const row = await trx.insertInto('stock_levels')
    .values({ warehouse_code: warehouse, sku, on_hand: onHand })
    .onConflict((oc) => oc.columns(['sku', 'warehouse_code']).doUpdateSet({ on_hand: onHand, updated_at: new Date() }))
    .returningAll().executeTakeFirstOrThrow()
  return { warehouse, sku, onHand: row.on_hand, reserved: row.reserved, available: row.on_hand - row.reserved }
}

export async function stockOf(db: Database, sku: string): Promise<StockApi> {
  const product = await db.selectFrom('products').select('sku').where('sku', '=', sku).executeTakeFirst()
  if (!product) throw new DomainError('product_not_found', `There is no product "${sku}"`)
  const rows = await db.selectFrom('stock_levels').selectAll().where('sku', '=', sku).orderBy('warehouse_code').execute()
  const levels = rows.map((r) => ({ warehouse: r.warehouse_code, onHand: r.on_hand, reserved: r.reserved, available: r.on_hand - r.reserved }))
  const sum = (f: (l: (typeof levels)[number]) => number) => levels.reduce((s, l) => s + f(l), 0)
  return { sku, onHand: sum((l) => l.onHand), reserved: sum((l) => l.reserved), available: sum((l) => l.available), levels }
}
