/**
 * What an order sells that lives on after it (vouchers, licences), kept in step with the
 * order. Called by every order change before it is written: issues vouchers once the
 * order is paid, licences once their electronic delivery is delivered, and takes them
 * back (and gives voucher payments back) when the order is cancelled or returned.
 */
import type { ChangeContext } from '../orders/order-change.ts'
import type { OrderState } from '../orders/order.repo.ts'
import { issueOrderLicences, revokeOrderLicences } from '../licences/licence-issue.ts'
import { issueOrderVouchers, refuseRefundOfUsedVouchers, voidCancelledLineVouchers, voidOrderVouchers } from './voucher-issue.ts'
import { refundVoucherPayments } from './voucher-payment.ts'

const givenBack = new Set(['cancelled', 'returned'])

export async function followOrderItems(ctx: ChangeContext, order: OrderState): Promise<void> {
  const { trx, journal } = ctx
  const o = order.row
  if (givenBack.has(o.status)) {
    await refundVoucherPayments(ctx, order)
    const voided = await voidOrderVouchers(trx, journal.actor, order, o.status)
    const revoked = await revokeOrderLicences(trx, journal.actor, order, o.status)
    if (voided) journal.entry(o.id, 'vouchers', { action: 'void-vouchers', note: `${voided} voucher(s) voided` })
    if (revoked) journal.entry(o.id, 'licences', { action: 'revoke-licences', note: `${revoked} licence(s) revoked` })
    return
  }
  const lines = await voidCancelledLineVouchers(trx, journal.actor, order)
  if (lines.voided) journal.entry(o.id, 'vouchers', { action: 'void-vouchers', note: `${lines.voided} voucher(s) of cancelled lines voided` })
  if (o.payment_status === 'paid') {
    const issued = await issueOrderVouchers(trx, journal.actor, order)
    if (issued.length) journal.entry(o.id, 'vouchers', { action: 'issue-vouchers', note: `Issued ${issued.map((v) => v.code).join(', ')}` })
  }
  const licences = await issueOrderLicences(trx, journal.actor, order)
  if (licences.length) journal.entry(o.id, 'licences', { action: 'issue-licences', note: `${licences.length} licence key(s) delivered` })
}

/**
 * Before an order's money is given back (cancel, return): refused while a voucher it sold
 * has been used; otherwise what vouchers paid goes back onto them first, so the payment
 * provider refunds only what it took.
 */
export async function beforeOrderRefund(ctx: ChangeContext, order: OrderState): Promise<void> {
  await refuseRefundOfUsedVouchers(ctx.trx, order)
  await refundVoucherPayments(ctx, order)
}
