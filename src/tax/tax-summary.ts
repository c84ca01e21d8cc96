/**
 * The tax summary per rate, as an invoice shows it: for each rate, the net base and the tax.
 * Derived from the order's lines (after their discount) and its shipping, which is taxed at
 * the highest rate among the lines still ordered.
 */
export interface TaxLine { rate: number; rateBp: number; base: number; tax: number }

interface SummaryLine { tax_rate_bp: number; amount: number; discount: number; tax: number; quantity: number; cancelled_quantity: number }
interface SummaryOrder { prices_include_tax: boolean; shipping: number; discount: number; tax: number }

export function taxSummary(o: SummaryOrder, lines: SummaryLine[]): TaxLine[] {
  const byRate = new Map<number, { base: number; tax: number }>()
  const add = (rateBp: number, gross: number, tax: number) => {
    const t = byRate.get(rateBp) ?? { base: 0, tax: 0 }
    t.base += o.prices_include_tax ? gross - tax : gross
    t.tax += tax
    byRate.set(rateBp, t)
  }
  const live = lines.filter((l) => l.quantity > l.cancelled_quantity)
  for (const l of live) add(l.tax_rate_bp, l.amount - l.discount, l.tax)
  const lineDiscount = lines.reduce((s, l) => s + l.discount, 0)
  const shippingTax = o.tax - lines.reduce((s, l) => s + l.tax, 0)
  const shipping = o.shipping - Math.max(0, o.discount - lineDiscount)
  if (shipping !== 0 || shippingTax !== 0) add(Math.max(0, ...live.map((l) => l.tax_rate_bp)), shipping, shippingTax)
  return [...byRate].sort((a, b) => b[0] - a[0]).map(([rateBp, t]) => ({ rate: rateBp / 100, rateBp, base: t.base, tax: t.tax }))
}
