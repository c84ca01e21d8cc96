/** Snapshots of an order for its invoice, a credit note and a packing slip. */
import { allocateProportionally } from '../shared/money.ts'
import { taxOf } from '../orders/totals.ts'
import type { DeliveryState, OrderState } from '../orders/order.repo.ts'
import { taxSummary, type TaxLine } from '../tax/tax-summary.ts'
import type { DocumentData, DocumentLine } from './document-data.ts'

type Base = Omit<DocumentData, 'kind' | 'number' | 'lines'>

export function invoiceData(order: OrderState, base: Base, number: string, dueDate: string | null): DocumentData {
  const o = order.row
  const live = order.lines.filter((l) => l.quantity > l.cancelled_quantity)
  const lineDiscount = live.reduce((s, l) => s + l.discount, 0)
  const shippingDiscount = Math.max(0, o.discount - order.lines.reduce((s, l) => s + l.discount, 0))
  const shippingTax = o.tax - order.lines.reduce((s, l) => s + l.tax, 0)
  return {
    ...base, kind: 'invoice', number,
    lines: live.map((l) => ({
      lineId: l.id, sku: l.sku, name: l.name, quantity: l.quantity - l.cancelled_quantity, unitPrice: l.unit_price,
      amount: l.amount, discount: l.discount, tax: l.tax, rateBp: l.tax_rate_bp,
    })),
    subtotal: live.reduce((s, l) => s + l.amount, 0),
    discount: lineDiscount + shippingDiscount,
    discountCodes: order.discounts ?? [],
    shipping: { amount: o.shipping, discount: shippingDiscount, tax: shippingTax, rateBp: Math.max(0, ...live.map((l) => l.tax_rate_bp)) },
    taxes: taxSummary(o, order.lines), tax: o.tax, total: o.total,
    paymentMethod: o.payment_method, dueDate,
  }
}

export interface CreditRequest {
  reason: string
  /** Lines (and how many of each) taken back; priced as on the invoice, after its discount. */
  lines?: { lineId: string; quantity: number }[]
  /** Credit the invoiced shipping cost too. */
  shipping?: boolean
  /** Or a plain amount (gross, what the customer gets back), spread over the invoice's tax rates. */
  amount?: number
  /**
   * What the note must come to: the money given back. Lines priced from the invoice can
   * round apart from a refund priced per unit; then the note credits this amount instead.
   */
  total?: number
}

/** What is credited for each invoice line so far, from earlier credit notes. */
export function creditedSoFar(credits: DocumentData[]) {
  const lines = new Map<string, { quantity: number; amount: number; tax: number }>()
  let shipping = false
  for (const c of credits) {
    for (const l of c.lines) {
      const t = lines.get(l.lineId) ?? { quantity: 0, amount: 0, tax: 0 }
      lines.set(l.lineId, { quantity: t.quantity + l.quantity, amount: t.amount + (l.amount ?? 0), tax: t.tax + (l.tax ?? 0) })
    }
    if (c.shipping && c.shipping.amount !== 0) shipping = true
  }
  return { lines, shipping }
}

/** A credit note against the invoice; null when it would credit nothing. */
export function creditNoteData(invoice: DocumentData, credits: DocumentData[], req: CreditRequest, base: Base, number: string): DocumentData | null {
  const gross = invoice.pricesIncludeTax
  const so = creditedSoFar(credits)
  const lines: DocumentLine[] = []
  for (const r of req.lines ?? []) {
    const inv = invoice.lines.find((l) => l.lineId === r.lineId)
    if (!inv) continue
    const done = so.lines.get(r.lineId) ?? { quantity: 0, amount: 0, tax: 0 }
    const q = Math.min(r.quantity, inv.quantity - done.quantity)
    if (q <= 0) continue
    const paid = (inv.amount ?? 0) - (inv.discount ?? 0)
    // The last units take what is left, so all credits of a line add up to its invoiced amount.
    const last = q === inv.quantity - done.quantity
    const amount = last ? paid - done.amount : Math.round((paid * q) / inv.quantity)
    const tax = last ? (inv.tax ?? 0) - done.tax : taxOf(amount, inv.rateBp ?? 0, gross)
    lines.push({ lineId: inv.lineId, sku: inv.sku, name: inv.name, quantity: q, unitPrice: inv.unitPrice, amount, discount: 0, tax, rateBp: inv.rateBp })
  }
  const ship = req.shipping && !so.shipping && invoice.shipping && invoice.shipping.amount - invoice.shipping.discount !== 0
    ? { amount: invoice.shipping.amount - invoice.shipping.discount, discount: 0, tax: invoice.shipping.tax, rateBp: invoice.shipping.rateBp } : null
  const free = req.amount ? amountCredit(invoice, req.amount) : []
  if (lines.length === 0 && !ship && free.length === 0) return null

  const byRate = new Map<number, { base: number; tax: number }>()
  const add = (rateBp: number, amount: number, tax: number) => {
    const t = byRate.get(rateBp) ?? { base: 0, tax: 0 }
    byRate.set(rateBp, { base: t.base + (gross ? amount - tax : amount), tax: t.tax + tax })
  }
  for (const l of lines) add(l.rateBp ?? 0, l.amount ?? 0, l.tax ?? 0)
  if (ship) add(ship.rateBp, ship.amount, ship.tax)
  for (const f of free) add(f.rateBp, gross ? f.base + f.tax : f.base, f.tax)
  const taxes: TaxLine[] = [...byRate].sort((a, b) => b[0] - a[0]).map(([rateBp, t]) => ({ rate: rateBp / 100, rateBp, ...t }))
  const tax = taxes.reduce((s, t) => s + t.tax, 0)
  const net = taxes.reduce((s, t) => s + t.base, 0)
  const subtotal = lines.reduce((s, l) => s + (l.amount ?? 0), 0) + free.reduce((s, f) => s + (gross ? f.base + f.tax : f.base), 0)
  return {
    ...base, kind: 'credit_note', number, invoiceNumber: invoice.number, reason: req.reason,
    lines, subtotal, discount: 0, discountCodes: [], shipping: ship, taxes, tax, total: net + tax, paymentMethod: invoice.paymentMethod,
  }
}

/** A gross amount split over the invoice's rates in proportion to their gross, each part's tax taken out. */
function amountCredit(invoice: DocumentData, amount: number): TaxLine[] {
  const rates = invoice.taxes ?? []
  if (rates.length === 0) return [{ rate: 0, rateBp: 0, base: amount, tax: 0 }]
  const parts = allocateProportionally(amount, rates.map((t) => t.base + t.tax))
  return rates.map((t, i) => {
    const tax = taxOf(parts[i], t.rateBp, true)
    return { rate: t.rate, rateBp: t.rateBp, base: parts[i] - tax, tax }
  })
}

export function packingSlipData(order: OrderState, d: DeliveryState, base: Base): DocumentData {
  return {
    ...base, kind: 'packing_slip', number: d.row.number, deliveryId: d.row.id, deliveryNumber: d.row.number,
    lines: d.lines.map((dl) => {
      const l = order.lines.find((x) => x.id === dl.order_line_id)
      return { lineId: dl.order_line_id, sku: dl.sku, name: l?.name ?? dl.sku, quantity: dl.quantity }
    }),
  }
}
