/**
 * Order totals from catalogue prices. Tax is computed per line and rounded per line,
 * after the line's share of any discount; shipping is taxed at the highest rate among
 * the lines (the usual rule for a mixed basket).
 * With prices including tax, line amounts are gross and the tax is the part contained in them.
 */
import { divRound } from '../shared/money.ts'

export interface PricedLine { unitPrice: number; quantity: number; taxRateBp: number }
export interface LineTotals { amount: number; discount: number; tax: number }
export interface OrderTotals {
  subtotal: number
  discount: number
  shipping: number
  /** The part of the discount that reduces the shipping cost (free shipping). */
  shippingDiscount: number
  /** The tax contained in or added to the shipping cost. */
  shippingTax: number
  tax: number
  total: number
  lines: LineTotals[]
}

/** Discounts already spread: one amount per line, and the part taken off shipping. */
export interface SpreadDiscount { lines: number[]; shipping: number }

/**
 * The discount kept when units go (cancelled lines, edits): each line keeps its discount per
 * remaining unit (`before` live units, `after` left), lines without units before get none,
 * and a shipping discount (the order's discount beyond its lines') stays.
 */
export function keptDiscount(orderDiscount: number, lines: { discount: number; before: number; after: number }[]): SpreadDiscount {
  const lineDiscounts = lines.reduce((s, l) => s + l.discount, 0)
  return {
    lines: lines.map((l) => (l.before > 0 ? divRound(l.discount * l.after, l.before) : 0)),
    shipping: Math.max(0, orderDiscount - lineDiscounts),
  }
}

export function taxOf(amount: number, rateBp: number, pricesIncludeTax: boolean): number {
  return pricesIncludeTax ? divRound(amount * rateBp, 10_000 + rateBp) : divRound(amount * rateBp, 10_000)
}

export function computeTotals(lines: PricedLine[], shipping: number, pricesIncludeTax: boolean, spread?: SpreadDiscount): OrderTotals {
  const lineTotals = lines.map((l, i) => {
    const amount = l.unitPrice * l.quantity
    const discount = spread?.lines[i] ?? 0
    return { amount, discount, tax: taxOf(amount - discount, l.taxRateBp, pricesIncludeTax) }
  })
  const shippingDiscount = spread?.shipping ?? 0
  const shippingRate = Math.max(0, ...lines.map((l) => l.taxRateBp))
  const shippingTax = taxOf(shipping - shippingDiscount, shippingRate, pricesIncludeTax)
  const subtotal = lineTotals.reduce((s, l) => s + l.amount, 0)
  const tax = lineTotals.reduce((s, l) => s + l.tax, 0) + shippingTax
  const discount = lineTotals.reduce((s, l) => s + l.discount, 0) + shippingDiscount
  const total = subtotal - discount + shipping + (pricesIncludeTax ? 0 : tax)
  return { subtotal, discount, shipping, shippingDiscount, shippingTax, tax, total, lines: lineTotals }
}

/** What a line costs the customer, after its discount, tax included, whatever the shop's price basis. */
export const grossOf = (line: { amount: number; tax: number; discount?: number }, pricesIncludeTax: boolean) =>
  (pricesIncludeTax ? line.amount : line.amount + line.tax) - (line.discount ?? 0)
