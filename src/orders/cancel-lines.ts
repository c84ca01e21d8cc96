/**
 * Cancelling single lines before they ship (A8): the quantities leave their open
 * deliveries (unreserved back- and pre-orders first, then reserved stock, which is
 * released), the totals are recomputed, and money received beyond the new total is
 * refunded. The refund comes first: if it fails, nothing else changes.
 */
import { DomainError } from '../http/errors.ts'
import { changeStock, type StockChange } from '../inventory/stock.repo.ts'
import { pay, refreshPaymentStatus } from '../payments/payment.service.ts'
import { holdsReservation, settledDelivery } from './delivery.machine.ts'
import { deliveryAmounts } from './delivery-amounts.ts'
import type { Notes } from './journal.ts'
import { moveDelivery, type ChangeContext } from './order-change.ts'
import type { DeliveryState, OrderLineRow, OrderState } from './order.repo.ts'
import { computeTotals, grossOf, keptDiscount } from './totals.ts'

export interface LineCancellation { lineId: string; quantity: number }

const isOpen = (d: DeliveryState) => !settledDelivery.has(d.row.status)
/** Which deliveries give up a line's quantity first: those holding no stock. */
const releaseOrder = { backorder: 0, preorder: 1, electronic: 2, standard: 3 } as const

interface Take { delivery: DeliveryState; lineId: string; sku: string; quantity: number }

export async function cancelLines(ctx: ChangeContext, order: OrderState, requested: LineCancellation[] | undefined, notes: Notes): Promise<DomainError | undefined> {
  if (!requested?.length) throw invalid('lines', 'say which lines to cancel, and how many of each')
  const takes = planTakes(order, requested)
  const openLeft = order.deliveries.filter(isOpen).some((d) => d.lines.some((l) => l.quantity > takenFrom(takes, d, l.order_line_id)))
  const shippedAny = order.deliveries.some((d) => d.row.status === 'shipped' || d.row.status === 'delivered')
  if (!openLeft && !shippedAny) throw new DomainError('transition_not_allowed', 'That is every line of the order: cancel the order instead')

  const o = order.row
  const cancelled = new Map<string, number>()
  for (const t of takes) cancelled.set(t.lineId, (cancelled.get(t.lineId) ?? 0) + t.quantity)
  const lines = order.lines.map((l) => ({ ...l, cancelled_quantity: l.cancelled_quantity + (cancelled.get(l.id) ?? 0) }))
  const totals = computeTotals(lines.map((l) => ({
    unitPrice: l.unit_price, quantity: l.quantity - l.cancelled_quantity, taxRateBp: l.quantity > l.cancelled_quantity ? l.tax_rate_bp : 0,
  })), o.shipping, o.prices_include_tax, keptDiscount(o.discount, order.lines.map((l, i) => ({
    discount: l.discount, before: l.quantity - l.cancelled_quantity, after: lines[i].quantity - lines[i].cancelled_quantity,
  }))))

  // What was already given back as goodwill or for returns stays given back.
  const overpaid = o.captured - o.refunded - (totals.total - (o.credited ?? 0))
  if (overpaid > 0) {
    const r = await pay(ctx, order, { operation: 'REFUND', amount: overpaid, message: 'Lines cancelled' })
    if (r.status !== 'succeeded') {
      return new DomainError('payment_failed', `The refund of the cancelled lines was ${r.status}: ${r.message ?? 'no reason given'}. Nothing was cancelled.`, { orderId: o.id })
    }
  }

  await applyTakes(ctx, order, takes, notes)
  lines.forEach((l, i) => Object.assign(order.lines[i], l, { amount: totals.lines[i].amount, discount: totals.lines[i].discount, tax: totals.lines[i].tax }))
  Object.assign(o, { subtotal: totals.subtotal, discount: totals.discount, tax: totals.tax, total: totals.total })
  const live = order.deliveries.filter((d) => d.row.status !== 'cancelled' && d.row.status !== 'returned')
  const amounts = deliveryAmounts(
    live.map((d) => order.lines.map((l) => d.lines.filter((x) => x.order_line_id === l.id).reduce((s, x) => s + x.quantity, 0))),
    totals.lines.map((l) => grossOf(l, o.prices_include_tax)),
    o.prices_include_tax ? totals.shipping : totals.shipping + totals.shippingTax,
  )
  live.forEach((d, k) => { if (d.row.amount !== amounts[k]) { d.row.amount = amounts[k]; d.changed = true } })
  refreshPaymentStatus(order)
  await saveLines(ctx, order, [...cancelled.keys()])

  const summary = takesSummary(order, cancelled)
  ctx.journal.entry(o.id, 'lines_cancelled', { action: 'cancel-lines', note: notes.note ? `${summary}. ${notes.note}` : summary, clientNote: notes.clientNote })
  ctx.journal.event('order.lines_cancelled', o.id, o.shop_code, { lines: [...cancelled].map(([lineId, quantity]) => ({ lineId, quantity })), total: o.total })
  return undefined
}

function planTakes(order: OrderState, requested: LineCancellation[]): Take[] {
  const wanted = new Map<string, number>()
  for (const r of requested) wanted.set(r.lineId, (wanted.get(r.lineId) ?? 0) + r.quantity)
  const takes: Take[] = []
  for (const [lineId, quantity] of wanted) {
    const line = order.lines.find((l) => l.id === lineId)
    if (!line) throw invalid('lines', `order ${order.row.number} has no line ${lineId}`)
    const sources = order.deliveries.filter(isOpen)
      .sort((a, b) => releaseOrder[a.row.kind] - releaseOrder[b.row.kind])
      .flatMap((d) => d.lines.filter((l) => l.order_line_id === lineId).map((l) => ({ d, l })))
    const open = sources.reduce((s, x) => s + x.l.quantity, 0)
    if (quantity > open) throw invalid('lines', `only ${open} of ${line.sku} (line ${line.line_no}) have not gone out and can be cancelled`)
    let left = quantity
    for (const { d, l } of sources) {
      const take = Math.min(left, l.quantity)
      if (take > 0) takes.push({ delivery: d, lineId, sku: l.sku, quantity: take })
      left -= take
    }
  }
  return takes
}

const takenFrom = (takes: Take[], d: DeliveryState, lineId: string) =>
  takes.filter((t) => t.delivery === d && t.lineId === lineId).reduce((s, t) => s + t.quantity, 0)

/** Takes the quantities out of their deliveries, releases their stock, cancels deliveries left empty. */
async function applyTakes(ctx: ChangeContext, order: OrderState, takes: Take[], notes: Notes): Promise<void> {
  const release: StockChange[] = []
  for (const t of takes) {
    const d = t.delivery
    if (holdsReservation.has(d.row.status) && d.row.warehouse_code) release.push({ warehouse: d.row.warehouse_code, sku: t.sku, reserved: -t.quantity })
    const dl = d.lines.find((l) => l.order_line_id === t.lineId)!
    dl.quantity -= t.quantity
    d.changed = true
  }
  await changeStock(ctx.trx, release)
  for (const d of new Set(takes.map((t) => t.delivery))) {
    const emptied = d.lines.filter((l) => l.quantity === 0)
    for (const l of emptied) {
      await ctx.trx.deleteFrom('delivery_lines').where('delivery_id', '=', d.row.id).where('order_line_id', '=', l.order_line_id).execute()
    }
    d.lines = d.lines.filter((l) => l.quantity > 0)
    for (const l of d.lines) {
      await ctx.trx.updateTable('delivery_lines').set({ quantity: l.quantity }).where('delivery_id', '=', d.row.id).where('order_line_id', '=', l.order_line_id).execute()
    }
    if (d.lines.length === 0) moveDelivery(ctx, order, d, 'cancelled', 'cancel-lines', notes)
  }
}

async function saveLines(ctx: ChangeContext, order: OrderState, lineIds: string[]): Promise<void> {
  for (const l of order.lines.filter((x) => lineIds.includes(x.id)) as OrderLineRow[]) {
    await ctx.trx.updateTable('order_lines')
      .set({ cancelled_quantity: l.cancelled_quantity, amount: l.amount, discount: l.discount, tax: l.tax })
      .where('id', '=', l.id).execute()
  }
}

function takesSummary(order: OrderState, cancelled: Map<string, number>): string {
  return `Cancelled ${[...cancelled].map(([id, q]) => `${q} × ${order.lines.find((l) => l.id === id)!.sku}`).join(', ')}`
}

const invalid = (path: string, message: string) => new DomainError('validation_failed', `${path}: ${message}`, { errors: [{ path, message }] })
