/**
 * Paying money back (A7, A9). What the card gateway captured goes back through the
 * gateway; what was received outside it (confirmed bank transfers, overrides, cash) is
 * paid back by the shop and recorded as an OFFLINE_REFUND with its reason. When the
 * gateway refuses, staff record a manual refund instead, so no order is left stuck.
 */
import { DomainError } from '../http/errors.ts'
import type { OrderState } from '../orders/order.repo.ts'
import { authorizationOf, formatAmount, pay, type PaymentContext } from './payment.service.ts'

export interface RefundRequest {
  amount: number
  reason: string
  /** Paid back by hand (the gateway refused, or the customer is paid another way): no gateway call. */
  manual?: boolean
}

/** What the shop holds of the customer's money and may give back. */
export const refundableOf = (order: OrderState) => Math.max(0, order.row.captured - order.row.refunded)

/** What the gateway captured and has not refunded: the part a gateway refund can cover. */
export function gatewayRefundable(order: OrderState): number {
  if (!authorizationOf(order)) return 0
  let held = 0
  for (const t of order.transactions) {
    if (t.status !== 'succeeded') continue
    if (t.operation === 'CAPTURE' || t.operation === 'AUTH_CAPTURE') held += t.amount
    if (t.operation === 'REFUND') held -= t.amount
  }
  return Math.max(0, held)
}

/** How a refund splits between the gateway and the shop's own hand. */
export function refundPlan(order: OrderState, amount: number, manual = false, partialRefund = true) {
  const held = gatewayRefundable(order)
  let viaGateway = manual ? 0 : Math.min(amount, held)
  // A gateway that refunds only in full gets only a full refund; the rest is paid back by hand.
  if (!partialRefund && viaGateway < held) viaGateway = 0
  return { viaGateway, offline: amount - viaGateway }
}

/**
 * Refunds `amount` of the order. The gateway part runs first: when it fails, nothing was
 * refunded and the error says so (the failed attempt stays in the log). Returns the failure.
 */
export async function refundMoney(ctx: PaymentContext, order: OrderState, req: RefundRequest): Promise<DomainError | undefined> {
  const most = refundableOf(order)
  if (req.amount > most) {
    throw new DomainError('refund_too_large', `At most ${formatAmount(most, order.row.currency)} can be refunded: what was paid minus what was refunded`,
      { refundable: most, errors: [{ path: 'amount', message: `at most ${most}` }] })
  }
  const plan = refundPlan(order, req.amount, req.manual, ctx.gateway.features.partialRefund)
  if (plan.viaGateway > 0) {
    const r = await pay(ctx, order, { operation: 'REFUND', amount: plan.viaGateway, message: req.reason })
    if (r.status !== 'succeeded') {
      return new DomainError('payment_failed',
        `The gateway refund of ${formatAmount(plan.viaGateway, order.row.currency)} was ${r.status}: ${r.message ?? 'no reason given'}. `
        + 'Nothing was refunded. Try again, or record a manual refund with a reason.', { orderId: order.row.id, manualRefundPossible: true })
    }
  }
  if (plan.offline > 0) await pay(ctx, order, { operation: 'OFFLINE_REFUND', amount: plan.offline, message: req.reason })
  return undefined
}
