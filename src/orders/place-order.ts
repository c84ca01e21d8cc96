/**
 * Placing an order (A1): prices and tax from the catalogue, deliveries by how the lines
 * are fulfilled, stock reserved, the payment authorised or captured, and the order
 * written with its history and events, all in one transaction (a card is asked after it:
 * src/payments/two-phase.ts). The number of SQL statements does not grow with the number
 * of lines. From the API, the stock is read unlocked and locked by the statement that
 * writes the order (`reserveOnWrite`): hot articles' rows are held for the commit only.
 */
import { isIP } from 'node:net'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import type { PaymentGateway } from '../payments/gateway.ts'
import { pay } from '../payments/payment.service.ts'
import { attemptInsert, cardPaymentOf, pendingPayment, type PendingPayment } from '../payments/two-phase.ts'
import { askingDirectly } from '../payments/gateway-outside.ts'
import { planDeliveries, type Plan, type PlannedDelivery } from '../inventory/allocation-plan.ts'
import { isStockShortfall, lockStock, stockLevels, stockWrites } from '../inventory/stock.repo.ts'
import { RunAgain } from '../db/transaction.ts'
import { nextOrderNumber, type ShopRow } from '../shops/shop.repo.ts'
import { deliveryAmounts } from './delivery-amounts.ts'
import { uuidv7 } from '../shared/ids.ts'
import { seesShop } from '../auth/actor.ts'
import { addCustomerShop } from '../customers/customer.service.ts'
import { initialDeliveryStatus } from './delivery.machine.ts'
import { startFulfilment } from './fulfilment.ts'
import { Journal } from './journal.ts'
import { type OrderStatus } from './order.machine.ts'
import type { Outcome } from './order-actions.ts'
import type { ChangeContext } from './order-change.ts'
import type { DeliveryState, OrderLineRow, OrderRow, OrderState } from './order.repo.ts'
import type { PlaceOrderInput } from './order.schemas.ts'
import { computeTotals, grossOf, type OrderTotals } from './totals.ts'
import { priceLines, type CatalogueLine } from './order-lines.ts'
import { readForPlacement } from './placement-reads.ts'
import { resolveCustomer, type OrderCustomer } from './order-customer.ts'
import { assertAmountsInRange } from '../shared/money.ts'
import { orderInserts } from './order.insert.ts'
import { writeTogether, type Update } from '../db/write-together.ts'
import { destinationOf, withTaxRates } from '../tax/tax-rates.ts'
import { claimDiscounts, discountInserts, recordDiscounts } from '../discounts/discount-claims.ts'
import { issueDueDocuments } from '../documents/issue-documents.ts'
import { applyUnitPrices, type PlacementExtras } from '../drafts/negotiated-prices.ts'
import { payWithVouchers } from '../vouchers/voucher-payment.ts'
import { followOrderItems } from '../vouchers/order-items.ts'
import { outstandingOf } from '../payments/payment.service.ts'

/** `payment`: a card payment to ask the gateway for after the commit (with `deferPayment`). */
export interface Placement { outcome: Outcome; order: OrderState; payment?: PendingPayment }

export interface PlacementOptions {
  /**
   * Ask the card's gateway after the commit (src/payments/two-phase.ts). A placement that
   * returns a `payment` wrote the order as its transaction's last statement (its COMMIT sent
   * with it): the caller runs nothing more in that transaction.
   */
  deferPayment?: boolean
  requestKey?: string | null
  /**
   * Plan the deliveries from the stock as read, unlocked, and lock the stock rows only in the
   * statement that writes the order: they stay locked for the commit alone, not for the order
   * number and the write too. When the stock moved in between, the write is refused by the
   * stock's check constraint and the placement throws RunAgain; its caller then runs it again
   * without this. Never when a card is charged inside the transaction (that payment could not
   * be taken back).
   */
  reserveOnWrite?: boolean
}

export function placeOrder(
  trx: Database, gateway: PaymentGateway, actor: Actor, input: PlaceOrderInput, idempotencyKey: string | null,
  extras?: PlacementExtras,
  options: PlacementOptions = {},
): Promise<Placement> {
  // A placement makes a new order each time it runs: its gateway calls are never answered ahead.
  return askingDirectly(() => place(trx, gateway, actor, input, idempotencyKey, extras, options))
}

async function place(
  trx: Database, gateway: PaymentGateway, actor: Actor, input: PlaceOrderInput, idempotencyKey: string | null,
  extras: PlacementExtras | undefined,
  options: PlacementOptions,
): Promise<Placement> {
  const country = destinationOf(input)
  const reads = await readForPlacement(trx, input.shop, input.lines.map((l) => l.sku), country, 'id' in input.customer ? input.customer.id : undefined)
  const shop = reads.shop
  if (!shop || !seesShop(actor, shop.code)) throw new DomainError('shop_not_found', `There is no shop "${input.shop}"`)
  if (input.currency && input.currency !== shop.currency) {
    throw new DomainError('currency_mismatch', `Shop ${shop.code} sells in ${shop.currency}, not ${input.currency}`)
  }
  const method = input.payment.method
  if (method === 'card' && !input.payment.token) {
    throw new DomainError('validation_failed', 'A card payment needs a token', { errors: [{ path: 'payment.token', message: 'is required for card payments' }] })
  }
  if (input.customerIp !== undefined && isIP(input.customerIp) === 0) {
    throw new DomainError('validation_failed', 'customerIp is not an IP address', { errors: [{ path: 'customerIp', message: 'must be an IPv4 or IPv6 address' }] })
  }
  const catalogueLines = withTaxRates(reads.taxRates, reads.products, country, await priceLines(trx, shop, input.lines, reads.products))
  applyUnitPrices(catalogueLines, extras)
  const orderCustomer = await resolveCustomer(trx, actor, input.customer, reads.customer)
  const customer = orderCustomer.row
  // Most orders come from customers the shop already has: no write for them.
  if (orderCustomer.attach && !customer.shops?.includes(shop.code)) await addCustomerShop(trx, customer.id, shop.code)
  const discounts = await claimDiscounts(trx, shop.code, customer.id, input.discountCodes, catalogueLines.map((l) => l.unitPrice * l.quantity), input.shippingCost ?? 0)
  const totals = computeTotals(catalogueLines, input.shippingCost ?? 0, shop.prices_include_tax, discounts.spread)
  assertAmountsInRange(totals)

  const physical = catalogueLines.filter((l) => l.kind === 'physical').map((l) => l.sku)
  const today = new Date().toISOString().slice(0, 10)
  // The stock as read, unlocked: an order it cannot serve is refused without queueing for the
  // lock (a sold-out article's shoppers do not wait on its buyers) and without an order number.
  const unlocked = assertInStock(planDeliveries(catalogueLines, stockLevels(reads.stock.filter((r) => physical.includes(r.sku))), today))
  const reserveOnWrite = options.reserveOnWrite === true && !(method === 'card' && !options.deferPayment)
  // Taken before any lock: the stock rows are not held while the sequence is asked.
  const number = await nextOrderNumber(trx, shop)
  const plan = reserveOnWrite ? unlocked : assertInStock(planDeliveries(catalogueLines, await lockStock(trx, physical), today))
  const reserving = <T>(write: Promise<T>) => reserveOnWrite ? write.catch((error: unknown) => {
    throw isStockShortfall(error) ? new RunAgain('The stock changed since it was read') : error
  }) : write

  const reasons = approvalReasons(shop, customer, totals.total, method)
  const order = buildOrder(shop, orderCustomer, input, catalogueLines, totals, plan.deliveries, reasons, idempotencyKey)
  order.discounts = discounts.applied.map((a) => ({ code: a.code, amount: a.amount }))
  order.row.number = number
  order.deliveries.forEach((d, i) => { d.row.number = `${order.row.number}-${i + 1}` })

  const ctx: ChangeContext = { trx, gateway, journal: new Journal(actor) }
  const o = order.row
  if (input.vouchers?.length) await payWithVouchers(ctx, order, input.vouchers)
  // Two-phase card payment (src/payments/two-phase.ts): written as waiting for the gateway, stock
  // reserved and discount uses claimed; the gateway is asked after the commit and its answer
  // recorded by settlePlacement.
  const deferred = options.deferPayment ? cardPaymentOf(order, input, reasons.length > 0) : undefined
  if (deferred) {
    o.status = 'awaiting_payment'
    ctx.journal.entry(o.id, 'transition', { action: 'place', from: null, to: o.status, note: 'Waiting for the payment gateway' })
    if (input.customerNote) ctx.journal.entry(o.id, 'note', { note: input.customerNote, action: 'customer-note' })
    const payment = pendingPayment(order, deferred)
    // The order with its lines and deliveries, its history, the payment attempt, its discount
    // uses and the stock it reserves: one statement, the transaction's last (it locks the stock).
    await reserving(ctx.journal.flushLast(trx, ...orderInserts(order), attemptInsert(order, payment, options.requestKey ?? null),
      discountInserts(o.id, customer.id, discounts), ...stockWrites(reservationsOf(order))))
    return { order, outcome: { ok: true, orderId: o.id, order }, payment }
  }
  ctx.journal.entry(o.id, 'transition', { action: 'place', from: null, to: o.status, note: reasons.length ? `Held for approval: ${reasons.join(', ')}` : null })
  ctx.journal.event('order.placed', o.id, o.shop_code, { number: o.number, total: o.total, currency: o.currency })
  if (input.customerNote) ctx.journal.entry(o.id, 'note', { note: input.customerNote, action: 'customer-note' })

  const failure = await authorizeCard(ctx, order, input, reasons.length > 0)
  await settlePlacement(ctx, order, failure)
  await followOrderItems(ctx, order)
  // The order's rows and the stock it reserves (none when the payment failed): one statement.
  await reserving(writeTogether(trx, [...orderInserts(order), ...(failure ? [] : stockWrites(reservationsOf(order)))]))
  await recordDiscounts(trx, o.id, customer.id, discounts, failure !== undefined)
  // Last: the invoice takes the shop's gap-free number (a row lock) when the shop issues it now.
  if (!failure) await issueDueDocuments(ctx, order)
  // The order was written before its documents (they refer to it): the invoice number they
  // gave it goes with the journal.
  const invoiced: Update[] = o.invoice_number === null ? []
    : [{ update: (db) => db.updateTable('orders').set({ invoice_number: o.invoice_number }).where('id', '=', o.id) }]
  await ctx.journal.flush(trx, ...invoiced)
  return { order, outcome: failure ? { ok: false, orderId: o.id, error: failure } : { ok: true, orderId: o.id, order } }
}

/**
 * What follows the payment's answer at placement: cancelled when it failed, otherwise the
 * events of the new order (but order.placed, emitted before the payment) and fulfilment
 * started. The caller then follows what the order sold and issues the documents due.
 * `o.status` is the status the order takes when paid; nothing is written here.
 */
export async function settlePlacement(ctx: ChangeContext, order: OrderState, failure: DomainError | undefined): Promise<void> {
  const o = order.row
  const reasons = o.approval_reasons as string[]
  if (failure) {
    o.status = 'cancelled'
    for (const d of order.deliveries) d.row.status = 'cancelled'
    ctx.journal.entry(o.id, 'transition', { action: 'payment-failed', from: null, to: 'cancelled', note: failure.message })
    ctx.journal.event('order.cancelled', o.id, o.shop_code, { reason: 'payment_failed' })
  } else {
    if (o.status === 'awaiting_approval') ctx.journal.event('order.approval_required', o.id, o.shop_code, { reasons })
    if (o.status === 'awaiting_payment') ctx.journal.event('order.awaiting_payment', o.id, o.shop_code)
    for (const d of order.deliveries.filter((x) => x.row.kind === 'backorder')) {
      ctx.journal.event('delivery.backordered', o.id, o.shop_code, { deliveryId: d.row.id, lines: d.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) })
    }
    if (o.status === 'in_progress') await startFulfilment(ctx, order)
    if (o.payment_status === 'paid') ctx.journal.event('order.paid', o.id, o.shop_code, { total: o.total })
  }
}

function approvalReasons(shop: ShopRow, customer: { requires_approval: boolean; blocked: boolean }, total: number, method: string): string[] {
  const reasons: string[] = []
  if (shop.require_approval) reasons.push('shop_requires_approval')
  if (customer.requires_approval) reasons.push('customer_requires_approval')
  if (customer.blocked) reasons.push('customer_blocked')
  if (shop.approval_threshold !== null && total > shop.approval_threshold) reasons.push('above_threshold')
  if (method === 'cash_on_delivery') reasons.push('cash_on_delivery')
  return reasons
}

function initialStatus(method: string, held: boolean): OrderStatus {
  if (held) return 'awaiting_approval'
  return method === 'bank_transfer' || method === 'phone' ? 'awaiting_payment' : 'in_progress'
}

/** Authorises the card (capturing at once where asked and not held); returns the failure, if any. */
async function authorizeCard(ctx: ChangeContext, order: OrderState, input: PlaceOrderInput, held: boolean): Promise<DomainError | undefined> {
  const card = cardPaymentOf(order, input, held)
  if (!card) return undefined
  return placementFailure(order, await pay(ctx, order, card))
}

/** The problem a failed payment at placement answers with, or undefined when it succeeded. */
export function placementFailure(order: OrderState, result: { status: string; message?: string }): DomainError | undefined {
  if (result.status === 'succeeded') return undefined
  return new DomainError(result.status === 'declined' ? 'payment_declined' : 'payment_failed',
    `The payment was ${result.status}: ${result.message ?? 'no reason given'}. The order was cancelled.`,
    { orderId: order.row.id, orderNumber: order.row.number })
}

export function reservationsOf(order: OrderState) {
  return order.deliveries
    .filter((d) => d.row.kind === 'standard' && d.row.status !== 'cancelled')
    .flatMap((d) => d.lines.map((l) => ({ warehouse: d.row.warehouse_code!, sku: l.sku, reserved: l.quantity })))
}

/** The plan, when the stock can serve the order; otherwise the order is refused with what is short. */
function assertInStock(plan: Plan): Extract<Plan, { ok: true }> {
  if (plan.ok) return plan
  throw new DomainError('out_of_stock', `Not enough stock: ${plan.short.map((s) => `${s.sku} (${s.available} of ${s.requested})`).join(', ')}`, { short: plan.short })
}

function buildOrder(
  shop: ShopRow, customer: OrderCustomer, input: PlaceOrderInput,
  lines: CatalogueLine[], totals: OrderTotals, planned: PlannedDelivery[], reasons: string[], idempotencyKey: string | null,
): OrderState {
  const now = new Date()
  const id = uuidv7()
  const addresses = [input.billingAddress, input.shippingAddress].filter(Boolean)
  const row: OrderRow = {
    id, shop_code: shop.code, number: '', invoice_number: null,
    status: initialStatus(input.payment.method, reasons.length > 0), payment_status: totals.total === 0 ? 'paid' : 'unpaid',
    customer_id: customer.row.id, customer_email: customer.email, customer_name: customer.name,
    billing_address: input.billingAddress, shipping_address: input.shippingAddress ?? null,
    address_text: addresses.map((a) => Object.values(a!).join(' ')).join(' | ').toLowerCase(),
    currency: shop.currency, prices_include_tax: shop.prices_include_tax,
    subtotal: totals.subtotal, discount: totals.discount, shipping: totals.shipping, tax: totals.tax, total: totals.total,
    payment_method: input.payment.method, capture_mode: input.payment.capture ?? 'immediate', capture_per: shop.capture_per,
    authorized: 0, captured: 0, refunded: 0, payment_advised: false, approval_reasons: reasons,
    source: input.source ?? 'api', customer_ip: input.customerIp ?? null, idempotency_key: idempotencyKey, version: 1, created_at: now, updated_at: now,
  }
  const orderLines: OrderLineRow[] = lines.map((l, i) => ({
    id: uuidv7(), order_id: id, line_no: i + 1, sku: l.sku, name: l.name, kind: l.kind, quantity: l.quantity, cancelled_quantity: 0,
    unit_price: l.unitPrice, tax_rate_bp: l.taxRateBp, amount: totals.lines[i].amount, discount: totals.lines[i].discount, tax: totals.lines[i].tax,
  }))
  const deliveries = deliveriesOf(planned, orderLines, totals, shop.prices_include_tax, id, now)
  return { row, lines: orderLines, deliveries, transactions: [], documents: [], dunningOpen: false }
}

/** Deliveries with their share of the total: each line's gross split by quantity, shipping on the first. */
function deliveriesOf(planned: PlannedDelivery[], lines: OrderLineRow[], totals: OrderTotals, gross: boolean, orderId: string, now: Date): DeliveryState[] {
  const quantities = planned.map((d) => lines.map((_, i) => d.parts.filter((p) => p.index === i).reduce((s, p) => s + p.quantity, 0)))
  const shipping = totals.shipping - totals.shippingDiscount
  const amounts = deliveryAmounts(quantities, totals.lines.map((l) => grossOf(l, gross)), gross ? shipping : shipping + totals.shippingTax)
  return planned.map((p, k) => {
    const id = uuidv7()
    return {
      changed: false,
      row: {
        id, order_id: orderId, number: '', kind: p.kind, status: initialDeliveryStatus[p.kind],
        warehouse_code: p.warehouse, available_from: p.availableFrom, amount: amounts[k],
        carrier: null, tracking_number: null, awaiting_payment: false, shipped_at: null, delivered_at: null,
        created_at: now, updated_at: now,
      },
      lines: p.parts.map((part) => ({ delivery_id: id, order_line_id: lines[part.index].id, sku: part.sku, quantity: part.quantity })),
    }
  })
}
