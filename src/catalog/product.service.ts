/** The catalogue: what a shop sells, at which price in each currency, with which tax rate. */
import type { Selectable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { ProductsTable } from '../db/schema.ts'
import { DomainError } from '../http/errors.ts'
import { basisPointsToPercent, percentToBasisPoints } from '../shared/money.ts'
import type { CreateProductInput, ProductApi, UpdateProductInput } from './product.schemas.ts'

export type ProductRow = Selectable<ProductsTable>

function taxRateBp(percent: number): number {
  const bp = percentToBasisPoints(percent)
  if (Math.abs(bp - percent * 100) > 1e-6) {
    throw new DomainError('validation_failed', 'taxRate has at most two decimals', { errors: [{ path: 'taxRate', message: 'at most two decimals' }] })
  }
  return bp
}

export async function createProduct(trx: Database, input: CreateProductInput): Promise<ProductApi> {
  const exists = await trx.selectFrom('products').select('sku').where('sku', '=', input.sku).executeTakeFirst()
  if (exists) throw new DomainError('already_exists', `A product "${input.sku}" already exists`)
  const row = await trx.insertInto('products').values({
    sku: input.sku,
    name: input.name,
    kind: input.kind,
    prices: JSON.stringify(input.prices),
    tax_rate_bp: taxRateBp(input.taxRate),
    ...(input.taxClass !== undefined && { tax_class: input.taxClass }),
    backorder: input.backorder ?? false,
    available_from: input.availableFrom ?? null,
  }).returningAll().executeTakeFirstOrThrow()
  return productRowToApi(row)
}

export async function updateProduct(trx: Database, sku: string, input: UpdateProductInput): Promise<ProductApi> {
  const row = await trx.updateTable('products').set({
    ...(input.name !== undefined && { name: input.name }),
    ...(input.prices !== undefined && { prices: JSON.stringify(input.prices) }),
    ...(input.taxRate !== undefined && { tax_rate_bp: taxRateBp(input.taxRate) }),
    ...(input.taxClass !== undefined && { tax_class: input.taxClass }),
    ...(input.backorder !== undefined && { backorder: input.backorder }),
    ...(input.availableFrom !== undefined && { available_from: input.availableFrom }),
    updated_at: new Date(),
  }).where('sku', '=', sku).returningAll().executeTakeFirst()
  if (!row) throw new DomainError('product_not_found', `There is no product "${sku}"`)
  return productRowToApi(row)
}

export async function getProduct(db: Database, sku: string): Promise<ProductApi> {
  const row = await db.selectFrom('products').selectAll().where('sku', '=', sku).executeTakeFirst()
  if (!row) throw new DomainError('product_not_found', `There is no product "${sku}"`)
  return productRowToApi(row)
}

export async function listProducts(db: Database): Promise<ProductApi[]> {
  const rows = await db.selectFrom('products').selectAll().orderBy('sku').execute()
  return rows.map(productRowToApi)
}

export function productRowToApi(row: ProductRow): ProductApi {
  return {
    sku: row.sku,
    name: row.name,
    kind: row.kind,
    prices: row.prices,
    taxRate: basisPointsToPercent(row.tax_rate_bp),
    taxClass: row.tax_class,
    backorder: row.backorder,
    availableFrom: row.available_from,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}
