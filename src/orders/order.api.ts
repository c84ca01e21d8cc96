/** Maps an order's rows to its API shape, with the actions that are possible now. */
import { basisPointsToPercent } from '../shared/money.ts'
import type { Actor } from '../auth/actor.ts'
import { actionPermissions } from '../auth/permissions.ts'
import { outstandingOf } from '../payments/payment.service.ts'
import { allowedDeliveryActions } from './delivery.machine.ts'
import { deliveryFactsOf } from './delivery-actions.ts'
import { factsOf } from './order-change.ts'
import { allowedOrderActions } from './order.machine.ts'
import type { OrderState, TransactionRow } from './order.repo.ts'
import type { OrderApi } from './order.schemas.ts'
import { taxSummary } from '../tax/tax-summary.ts'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** The actions this actor may run: possible now, and allowed by their role. */
export const mayRun = (actor: Actor | undefined) => (action: string) =>
  actor === undefined || actor.permissions.has(actionPermissions[action])

export function orderToApi(order: OrderState, actor?: Actor): OrderApi {
  const o = order.row
  return {
    id: o.id,
    number: o.number,
    invoiceNumber: o.invoice_number,
    shop: o.shop_code,
    status: o.status,
    paymentStatus: o.payment_status,
    customer: { id: o.customer_id, email: o.customer_email, name: o.customer_name },
    billingAddress: o.billing_address,
    shippingAddress: o.shipping_address,
    lines: order.lines.map((l) => ({
      id: l.id, lineNo: l.line_no, sku: l.sku, name: l.name, kind: l.kind, quantity: l.quantity,
      cancelledQuantity: l.cancelled_quantity, unitPrice: l.unit_price, taxRate: basisPointsToPercent(l.tax_rate_bp), amount: l.amount, discount: l.discount, tax: l.tax,
    })),
    totals: {
      currency: o.currency, subtotal: o.subtotal, discount: o.discount, shipping: o.shipping,
      tax: o.tax, total: o.total, pricesIncludeTax: o.prices_include_tax,
      taxes: taxSummary(o, order.lines).map(({ rate, base, tax }) => ({ rate, base, tax })),
      discountCodes: order.discounts ?? [],
    },
    payment: {
      method: o.payment_method, capture: o.capture_mode,
      authorized: o.authorized, captured: o.captured, refunded: o.refunded, outstanding: outstandingOf(order),
    },
    deliveries: order.deliveries.map((d) => ({
      id: d.row.id,
      number: d.row.number,
      kind: d.row.kind,
      status: d.row.status,
      warehouse: d.row.warehouse_code,
      availableFrom: d.row.available_from,
      amount: d.row.amount,
      lines: d.lines.map((l) => ({ lineId: l.order_line_id, sku: l.sku, quantity: l.quantity })),
      carrier: d.row.carrier,
      trackingNumber: d.row.tracking_number,
      awaitingPayment: d.row.awaiting_payment,
      shippedAt: iso(d.row.shipped_at),
      deliveredAt: iso(d.row.delivered_at),
      allowedActions: allowedDeliveryActions(deliveryFactsOf(order, d)).filter(mayRun(actor)),
    })),
    allowedActions: allowedOrderActions(factsOf(order)).filter(mayRun(actor)),
    approvalReasons: o.approval_reasons,
    source: o.source,
    customerIp: o.customer_ip,
    idempotencyKey: o.idempotency_key,
    version: o.version,
    createdAt: o.created_at.toISOString(),
    updatedAt: o.updated_at.toISOString(),
  }
}

export function transactionToApi(t: TransactionRow) {
  return {
    id: t.id, operation: t.operation, amount: t.amount, currency: t.currency, status: t.status,
    reference: t.reference, message: t.message, deliveryId: t.delivery_id,
    actor: { kind: t.actor_kind, id: t.actor_id, name: t.actor_name },
    at: t.created_at.toISOString(),
  }
}
