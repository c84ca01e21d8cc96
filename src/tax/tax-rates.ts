/**
 * Tax rates per shop, destination country and tax class (A1). A shop's table may name a
 * country or '*' (every other country). A product whose class has no rate for the
 * destination keeps the rate stored on the product, as before shops had tables.
 */
import type { Database } from '../db/database.ts'

export interface RatedLine { sku: string; taxRateBp: number }
export interface TaxRate { country: string; tax_class: string; rate_bp: number }

/** Sets each line's rate from the shop's table for this destination; two queries whatever the lines. */
export async function applyTaxRates<T extends RatedLine>(trx: Database, shopCode: string, country: string, lines: T[]): Promise<T[]> {
  const rates = await trx.selectFrom('tax_rates').selectAll()
    .where('shop_code', '=', shopCode).where('country', 'in', [country, '*']).execute()
  if (rates.length === 0) return lines
  const skus = [...new Set(lines.map((l) => l.sku))]
  const classes = await trx.selectFrom('products').select(['sku', 'tax_class']).where('sku', 'in', skus).execute()
  return withTaxRates(rates, classes, country, lines)
}

/** Sets each line's rate from the shop's rates for this destination and each product's tax class. */
export function withTaxRates<T extends RatedLine>(rates: TaxRate[], products: { sku: string; tax_class: string }[], country: string, lines: T[]): T[] {
  if (rates.length === 0) return lines
  const classOf = new Map(products.map((c) => [c.sku, c.tax_class]))
  const rateOf = (taxClass: string) =>
    (rates.find((r) => r.country === country && r.tax_class === taxClass) ?? rates.find((r) => r.country === '*' && r.tax_class === taxClass))?.rate_bp
  return lines.map((l) => {
    const rate = rateOf(classOf.get(l.sku) ?? 'standard')
    return rate === undefined ? l : { ...l, taxRateBp: rate }
  })
}

/** Where the goods go, for the tax: the shipping address, else the billing address. */
export const destinationOf = (input: { billingAddress: { country: string }; shippingAddress?: { country: string } | null }) =>
  (input.shippingAddress ?? input.billingAddress).country
