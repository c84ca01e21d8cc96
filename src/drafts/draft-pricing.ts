/** A draft's live totals and stock availability, from the catalogue and prices agreed on it. */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import type { DraftLine } from '../db/tables/drafts.ts'
import { loadOrderLines, type CatalogueLine } from '../orders/order-lines.ts'
import { computeTotals, type OrderTotals } from '../orders/totals.ts'
import type { ShopRow } from '../shops/shop.repo.ts'
import { applyUnitPrices } from './negotiated-prices.ts'
import { previewDiscounts } from '../discounts/discount-claims.ts'
import { DomainError } from '../http/errors.ts'

export interface PricedDraft {
  lines: (CatalogueLine & { cataloguePrice: number; overrideReason: string | null; amount: number; tax: number })[]
  totals: OrderTotals
  /** What each discount code takes off, and why they would be refused now (if they would). */
  discounts: { code: string; amount: number }[]
  discountProblem: string | null
}

export async function priceLines(db: Database, shop: ShopRow, lines: DraftLine[], shipping: number, codes: string[] = []): Promise<PricedDraft> {
  const catalogue = lines.length ? await loadOrderLines(db, shop, lines) : []
  const cataloguePrices = catalogue.map((l) => l.unitPrice)
  applyUnitPrices(catalogue, { unitPrices: lines.map((l) => l.unitPrice) })
  // Codes saved on the draft may have expired or lost their minimum since: shown, not thrown.
  let discountProblem: string | null = null
  const discounts = await previewDiscounts(db, shop.code, codes, catalogue.map((l) => l.unitPrice * l.quantity), shipping)
    .catch((e: unknown) => {
      if (!(e instanceof DomainError)) throw e
      discountProblem = e.message
      return { spread: undefined, applied: [] }
    })
  const totals = computeTotals(catalogue, shipping, shop.prices_include_tax, discounts.spread)
  return {
    totals,
    discounts: discounts.applied.map((a) => ({ code: a.code, amount: a.amount })),
    discountProblem,
    lines: catalogue.map((l, i) => ({
      ...l, cataloguePrice: cataloguePrices[i], overrideReason: lines[i].overrideReason ?? null,
      amount: totals.lines[i].amount, tax: totals.lines[i].tax,
    })),
  }
}

/** Free stock per SKU across warehouses, plus what this draft itself holds. */
export async function availability(db: Database, draftId: string | null, skus: string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>()
  if (skus.length === 0) return result
  const { rows } = await sql<{ sku: string; free: number }>`
    select s.sku, (sum(s.on_hand - s.reserved) + coalesce((select sum(r.quantity) from draft_reservations r
             where r.draft_id = ${draftId} and r.sku = s.sku), 0))::int as free
      from stock_levels s where s.sku in (${sql.join([...new Set(skus)])}) group by s.sku`.execute(db)
  for (const r of rows) result.set(r.sku, Number(r.free))
  return result
}
