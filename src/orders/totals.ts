/**
 * Order totals from catalogue prices. Tax is computed per line and rounded per line;
 * shipping is taxed at the highest rate among the lines (the usual rule for a mixed basket).
 * With prices including tax, line amounts are gross and the tax is the part contained in them.
 */
import { divRound } from '../shared/money.ts'

export interface PricedLine { unitPrice: number; quantity: number; taxRateBp: number }
export interface LineTotals { amount: number; tax: number }
export interface OrderTotals {
  subtotal: number
  discount: number
  shipping: number
  /** The tax contained in or added to the shipping cost. */
  shippingTax: number
  tax: number
  total: number
  lines: LineTotals[]
}

export function taxOf(amount: number, rateBp: number, pricesIncludeTax: boolean): number {
  return pricesIncludeTax ? divRound(amount * rateBp, 10_000 + rateBp) : divRound(amount * rateBp, 10_000)
}

export function computeTotals(lines: PricedLine[], shipping: number, pricesIncludeTax: boolean): OrderTotals {
  const lineTotals = lines.map((l) => {
    const amount = l.unitPrice * l.quantity
    return { amount, tax: taxOf(amount, l.taxRateBp, pricesIncludeTax) }
  })
  const shippingRate = Math.max(0, ...lines.map((l) => l.taxRateBp))
  const shippingTax = taxOf(shipping, shippingRate, pricesIncludeTax)
  const subtotal = lineTotals.reduce((s, l) => s + l.amount, 0)
  const tax = lineTotals.reduce((s, l) => s + l.tax, 0) + shippingTax
  const discount = 0
  const total = subtotal - discount + shipping + (pricesIncludeTax ? 0 : tax)
  return { subtotal, discount, shipping, shippingTax, tax, total, lines: lineTotals }
}

/** What a line costs the customer, tax included, whatever the shop's price basis. */
export const grossOf = (line: LineTotals, pricesIncludeTax: boolean) =>
  pricesIncludeTax ? line.amount : line.amount + line.tax
