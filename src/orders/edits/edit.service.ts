/**
 * Editing an order before fulfilment (A10): a list of changes applied in one transaction.
 * Prices of added articles come from the catalogue, totals are recomputed, the deliveries
 * not yet packed are re-planned with stock re-reserved, and the payment difference is
 * refunded (through the gateway where it captured), captured against the open
 * authorisation, or recorded as owed. With `dryRun` the same computation answers the new
 * totals and the payment difference and nothing is written or paid.
 */
import type { Actor } from '../../auth/actor.ts'
import { DomainError } from '../../http/errors.ts'
import { cardAnswerPendingMessage } from '../order.machine.ts'
import { changeStock } from '../../inventory/stock.repo.ts'
import { formatAmount, pay, refreshPaymentStatus, uncapturedAuthorization } from '../../payments/payment.service.ts'
import { refundMoney } from '../../payments/refund.ts'
import type { GatewayFeatures } from '../../payments/gateway.ts'
import type { Outcome } from '../../returns/outcome.ts'
import { uuidv7 } from '../../shared/ids.ts'
import { findShop } from '../../shops/shop.repo.ts'
import { deliveryAmounts } from '../delivery-amounts.ts'
import { deliverElectronic } from '../fulfilment.ts'
import type { Notes } from '../journal.ts'
import { finishChange, followDeliveries, isPaid, moveDelivery, type ChangeContext } from '../order-change.ts'
import { loadOrderLines } from '../order-lines.ts'
import { loadOrderFor, type DeliveryState, type OrderLineRow, type OrderState } from '../order.repo.ts'
import { computeTotals, grossOf, keptDiscount, type OrderTotals } from '../totals.ts'
import { applyChanges, type EditChange, type WorkCopy } from './edit.changes.ts'
import { replan, splitDelivery, type Product } from './edit.replan.ts'
import { writeEdit } from './edit.write.ts'

export interface EditInput extends Notes { changes: EditChange[]; notifyCustomer?: boolean }

export type PaymentAction = 'none' | 'refund' | 'capture' | 'covered' | 'owed'
export interface EditResult {
  dryRun: boolean
  changes: string[]
  before: { subtotal: number; tax: number; total: number }
  after: { subtotal: number; tax: number; total: number }
  /** Positive: the customer pays more; negative: the customer gets money back. */
  paymentDifference: { amount: number; action: PaymentAction; currency: string }
  order: OrderState
}

const editableOrder = new Set(['awaiting_approval', 'awaiting_payment', 'in_progress', 'partially_shipped'])

export async function editOrder(ctx: ChangeContext, actor: Actor, orderId: string, input: EditInput, dryRun: boolean): Promise<Outcome<EditResult>> {
  const order = await loadOrderFor(actor, ctx.trx, orderId, true)
  const o = order.row
  if (!editableOrder.has(o.status)) throw new DomainError('edit_not_allowed', `An order that is ${o.status} cannot be edited`, { currentStatus: o.status })
  // Its total is what the card is being asked for: changed now, the card's money would be given back.
  if (order.cardAnswerPending) throw new DomainError('payment_in_progress', cardAnswerPendingMessage, { orderId: o.id })
  const w = applyChanges(order, input.changes)

  const shop = await findShop(ctx.trx, o.shop_code)
  const added = w.lines.filter((l) => !l.line)
  const priced = added.length ? await loadOrderLines(ctx.trx, shop, added.map((l) => ({ sku: l.sku, quantity: l.after }))) : []
  const maxNo = Math.max(0, ...order.lines.map((l) => l.line_no))
  const newLines: OrderLineRow[] = priced.map((p, k) => ({
    id: uuidv7(), order_id: o.id, line_no: maxNo + k + 1, sku: p.sku, name: p.name, kind: p.kind, quantity: added[k].after,
    cancelled_quantity: 0, unit_price: p.unitPrice, tax_rate_bp: p.taxRateBp, amount: 0, discount: 0, tax: 0,
  }))
  const rows = w.lines.map((l) => l.line ?? newLines[added.indexOf(l)])
  const products = await productsOf(ctx, w)
  const plan = await replan(ctx, order, w, rows.map((r) => r.id), products)
  for (const s of w.splits) plan.created.push(splitDelivery(order, s))

  const totals = computeTotals(rows.map((r, i) => ({ unitPrice: r.unit_price, quantity: w.lines[i].after, taxRateBp: w.lines[i].after > 0 ? r.tax_rate_bp : 0 })),
    o.shipping, o.prices_include_tax, keptDiscount(o.discount, rows.map((r, i) => ({
      discount: r.discount, before: w.lines[i].line ? w.lines[i].before : 0, after: w.lines[i].after,
    }))))
  const balance = totals.total - (o.credited ?? 0) - (o.captured - o.refunded)
  const action = paymentActionOf(order, balance, ctx.gateway.features)
  const result: EditResult = {
    dryRun, changes: w.said, order,
    before: { subtotal: o.subtotal, tax: o.tax, total: o.total },
    after: { subtotal: totals.subtotal, tax: totals.tax, total: totals.total },
    paymentDifference: { amount: balance, action, currency: o.currency },
  }
  // The dry run shows the order as the edit would leave it; nothing of it is written.
  if (dryRun) { applyTotals(order, w, rows, newLines, totals); return { ok: true, value: result } }

  const paidBefore = isPaid(order)
  if (action === 'refund') {
    const failure = await refundMoney(ctx, order, { amount: -balance, reason: 'Order edited' })
    if (failure) return refused(ctx, order, plan.created, failure, paidBefore)
  }
  applyTotals(order, w, rows, newLines, totals)
  await writeEdit(ctx, order, w, newLines, plan.created)
  await changeStock(ctx.trx, plan.stock)
  for (const d of order.deliveries) {
    if (d.changed && d.lines.every((l) => l.quantity === 0) && d.row.status !== 'cancelled') moveDelivery(ctx, order, d, 'cancelled', 'edit')
  }
  refreshPaymentStatus(order)
  let owedNote = ''
  if (action === 'capture') {
    const r = await pay(ctx, order, { operation: 'CAPTURE', amount: balance, message: 'Order edited' })
    if (r.status !== 'succeeded') owedNote = ` The capture of the difference was ${r.status}: it is owed.`
  }
  if (o.status === 'in_progress' || o.status === 'partially_shipped') {
    await deliverElectronic(ctx, order)
    followDeliveries(ctx, order)
  }
  const money = `Total ${formatAmount(result.before.total, o.currency)} → ${formatAmount(totals.total, o.currency)}`
    + (balance > 0 ? `; ${formatAmount(balance, o.currency)} ${action === 'capture' ? 'captured' : action === 'covered' ? 'covered by the authorisation' : 'owed'}` : '')
    + (balance < 0 ? `; ${formatAmount(-balance, o.currency)} refunded` : '')
  ctx.journal.entry(o.id, 'edit', {
    action: 'edit', note: `Edited: ${w.said.join('; ')}. ${money}.${owedNote}${input.note ? ` ${input.note}` : ''}`, clientNote: input.clientNote,
  })
  ctx.journal.event('order.edited', o.id, o.shop_code, {
    changes: w.said, total: totals.total, difference: balance, notifyCustomer: input.notifyCustomer ?? false, clientNote: input.clientNote ?? null,
  })
  await finishChange(ctx, order, paidBefore)
  return { ok: true, value: result }
}

/** What happens to the difference: money back, a capture the open authorisation covers, or owed. */
function paymentActionOf(order: OrderState, balance: number, features: GatewayFeatures): PaymentAction {
  if (balance < 0) return order.row.captured - order.row.refunded > 0 ? 'refund' : 'none'
  if (balance === 0) return 'none'
  const o = order.row
  // A gateway may let a capture go a little beyond the authorisation; it says how far.
  const open = uncapturedAuthorization(order) + Math.floor(o.authorized * (features.captureOverAuthorizationBp ?? 0) / 10_000)
  if (o.payment_method !== 'card' || open < balance) return 'owed'
  // Paid at once: take the difference now. Paid on shipment: the authorisation covers it and is captured then.
  return o.capture_mode === 'immediate' && o.status !== 'awaiting_approval' ? 'capture' : 'covered'
}

async function productsOf(ctx: ChangeContext, w: WorkCopy): Promise<Map<string, Product>> {
  const skus = [...new Set(w.lines.map((l) => l.sku))]
  const rows = await ctx.trx.selectFrom('products').select(['sku', 'kind', 'backorder', 'available_from']).where('sku', 'in', skus).execute()
  return new Map(rows.map((r) => [r.sku, r as Product]))
}

function applyTotals(order: OrderState, w: WorkCopy, rows: OrderLineRow[], newLines: OrderLineRow[], totals: OrderTotals): void {
  const o = order.row
  rows.forEach((r, i) => {
    const l = w.lines[i]
    if (l.line) {
      if (l.after > l.before) r.quantity += l.after - l.before
      else r.cancelled_quantity += l.before - l.after
    }
    r.amount = totals.lines[i].amount
    r.discount = totals.lines[i].discount
    r.tax = totals.lines[i].tax
  })
  order.lines.push(...newLines)
  Object.assign(o, { subtotal: totals.subtotal, discount: totals.discount, tax: totals.tax, total: totals.total })
  const live = order.deliveries.filter((d) => d.row.status !== 'cancelled' && d.row.status !== 'returned' && d.lines.some((l) => l.quantity > 0))
  const amounts = deliveryAmounts(
    live.map((d) => rows.map((r) => d.lines.filter((x) => x.order_line_id === r.id).reduce((s, x) => s + x.quantity, 0))),
    totals.lines.map((l) => grossOf(l, o.prices_include_tax)),
    o.prices_include_tax ? totals.shipping : totals.shipping + totals.shippingTax,
  )
  live.forEach((d, k) => { if (d.row.amount !== amounts[k]) { d.row.amount = amounts[k]; d.changed = true } })
}

/** The refund failed: nothing of the edit is kept but the failed attempt in the log. */
async function refused(ctx: ChangeContext, order: OrderState, created: DeliveryState[], failure: DomainError, paidBefore: boolean): Promise<Outcome<EditResult>> {
  order.deliveries = order.deliveries.filter((d) => !created.includes(d))
  for (const d of order.deliveries) d.changed = false
  ctx.journal.entry(order.row.id, 'action_failed', { action: 'edit', note: `${failure.message} The order was not edited.` })
  await finishChange(ctx, order, paidBefore)
  return { ok: false, error: failure }
}
