/** An order's lines priced from the catalogue in the shop's currency. */
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import type { ShopRow } from '../shops/shop.repo.ts'
import type { PlanLine } from '../inventory/allocation-plan.ts'
import type { PricedLine } from './totals.ts'
import { applyChosenValues } from '../vouchers/chosen-value.ts'
import type { ProductRow } from './placement-reads.ts'

export interface CatalogueLine extends PlanLine, PricedLine { name: string }

type OrderedLine = { sku: string; quantity: number; value?: number }

export async function loadOrderLines(trx: Database, shop: ShopRow, lines: OrderedLine[]): Promise<CatalogueLine[]> {
  const skus = [...new Set(lines.map((l) => l.sku))]
  return priceLines(trx, shop, lines, await trx.selectFrom('products').selectAll().where('sku', 'in', skus).execute())
}

/** The lines priced from these products (read already); unknown and unpriced SKUs are refused. */
export async function priceLines(trx: Database, shop: ShopRow, lines: OrderedLine[], products: ProductRow[]): Promise<CatalogueLine[]> {
  const skus = [...new Set(lines.map((l) => l.sku))]
  const bySku = new Map(products.map((p) => [p.sku, p]))
  const unknown = skus.filter((s) => !bySku.has(s))
  if (unknown.length) throw new DomainError('unknown_sku', `No such product: ${unknown.join(', ')}`, { skus: unknown })
  const unpriced = skus.filter((s) => bySku.get(s)!.prices[shop.currency] === undefined)
  if (unpriced.length) {
    throw new DomainError('price_missing', `No ${shop.currency} price for: ${unpriced.join(', ')}`, { skus: unpriced, currency: shop.currency })
  }
  return applyChosenValues(trx, lines.map((l, index) => {
    const p = bySku.get(l.sku)!
    return {
      index, sku: p.sku, name: p.name, kind: p.kind, quantity: l.quantity,
      unitPrice: p.prices[shop.currency], taxRateBp: p.tax_rate_bp,
      backorder: p.backorder, availableFrom: p.available_from,
    }
  }), lines)
}
