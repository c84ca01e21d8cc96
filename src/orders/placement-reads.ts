/**
 * What a placement reads before it locks the stock, in one statement: the shop, the products
 * of its lines, the shop's tax rates for the destination, the customer it names by id, and
 * the stock of its articles as it stands (unlocked: enough to refuse an order the stock
 * cannot serve without queueing for the lock; the locked read, or the write that locks the
 * rows, decides).
 * Each is checked afterwards exactly as when read one by one (unknown shop, SKU or customer);
 * one round trip instead of four, on the path every order takes.
 */
import { sql, type Selectable } from 'kysely'
import type { Database } from '../db/database.ts'
import { beforeBeginMark } from '../db/transaction-wire.ts'
import type { CustomersTable, ProductsTable } from '../db/schema.ts'
import type { TaxRatesTable } from '../db/tables/money.ts'
import { isUuid } from '../shared/ids.ts'
import type { ShopRow } from '../shops/shop.repo.ts'
import type { StockLevelRow } from '../inventory/stock.repo.ts'
import { withDates } from './order.repo.ts'

export type ProductRow = Selectable<ProductsTable>
export type TaxRateRow = Selectable<TaxRatesTable>
type CustomerRow = Selectable<CustomersTable>

export interface PlacementReads {
  shop: ShopRow | undefined
  products: ProductRow[]
  taxRates: TaxRateRow[]
  /** The customer named by id; undefined when none was named or there is none by that id. */
  customer: CustomerRow | undefined
  /** Every stock row of the lines' SKUs, read without a lock. */
  stock: StockLevelRow[]
}

export async function readForPlacement(trx: Database, shopCode: string, skus: string[], country: string, customerId: string | undefined): Promise<PlacementReads> {
  const customer = customerId !== undefined && isUuid(customerId) ? customerId : null
  // One array, not a list of parameters: the statement's text is the same for any number of
  // lines, so PostgreSQL keeps it prepared (src/db/prepared-statements.ts).
  const unique = [...new Set(skus)]
  const ofSkus = sql`p.sku = any(${unique}::text[])`
  // No lock and no write: it may run before the transaction's BEGIN (transaction-wire.ts).
  const { rows: [r] } = await sql<{ shop: Json | null; products: Json[]; tax_rates: TaxRateRow[]; customer: Json | null; stock: StockLevelRow[] }>`${sql.raw(beforeBeginMark)}
    select
      (select to_jsonb(s) from shops s where s.code = ${shopCode}) as shop,
      coalesce((select jsonb_agg(p) from products p where ${ofSkus}), '[]') as products,
      coalesce((select jsonb_agg(t) from tax_rates t where t.shop_code = ${shopCode} and t.country in (${country}, '*')), '[]') as tax_rates,
      (select to_jsonb(c) from customers c where c.id = ${customer}::uuid) as customer,
      coalesce((select jsonb_agg(jsonb_build_object('warehouse_code', s.warehouse_code, 'sku', s.sku, 'on_hand', s.on_hand, 'reserved', s.reserved, 'priority', w.priority))
        from stock_levels s join warehouses w on w.code = s.warehouse_code where s.sku = any(${unique}::text[])), '[]') as stock
  `.execute(trx)
  // JSON has no instants: the rows' timestamps become Dates, as the drivers return them.
  const stamped = (row: Json) => withDates(row, ['created_at', 'updated_at'])
  return {
    shop: r.shop ? stamped(r.shop) as ShopRow : undefined,
    products: r.products.map((p) => stamped(p) as ProductRow),
    taxRates: r.tax_rates,
    customer: r.customer ? stamped(r.customer) as CustomerRow : undefined,
    stock: r.stock,
  }
}

type Json = Record<string, unknown>
