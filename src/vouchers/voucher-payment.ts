/**
 * Paying an order with vouchers (A20): at placement each voucher pays what it can of
 * what is still owed, before the card; the balances move in the order's transaction.
 * When the order's money is given back, what the vouchers paid goes back onto them.
 */
import type { ChangeContext } from '../orders/order-change.ts'
import type { OrderState, TransactionRow } from '../orders/order.repo.ts'
import { DomainError } from '../http/errors.ts'
import { formatAmount, outstandingOf, pay, refreshPaymentStatus } from '../payments/payment.service.ts'
import { uuidv7 } from '../shared/ids.ts'
import { creditVoucher, redeemVoucher } from './voucher-balance.ts'
import { findVoucher } from './voucher.repo.ts'

/** Redeems the vouchers against the new order, in the order given, up to what it costs. */
export async function payWithVouchers(ctx: ChangeContext, order: OrderState, codes: readonly string[]): Promise<void> {
  const o = order.row
  for (const code of codes) {
    const v = await findVoucher(ctx.trx, ctx.journal.actor, code, true)
    if (v.shop_code !== o.shop_code || v.currency !== o.currency) {
      throw new DomainError('voucher_currency_mismatch', `Voucher ${v.code} is for shop ${v.shop_code} in ${v.currency}`, { code: v.code })
    }
    const amount = Math.min(v.balance, outstandingOf(order))
    if (amount === 0 && v.status === 'active') continue
    await redeemVoucher(ctx.trx, ctx.journal.actor, v, { amount, orderId: o.id, reference: o.number, note: `Paid order ${o.number}` }, 'payment')
    await pay(ctx, order, { operation: 'OFFLINE', amount, message: `Voucher ${v.code}` })
  }
  // Paid in full by vouchers: an order that would wait for a bank transfer need not wait.
  if (o.status === 'awaiting_payment' && outstandingOf(order) === 0) o.status = 'in_progress'
}

/** Puts back onto each voucher what it paid for the order and has not had back yet. */
export async function refundVoucherPayments(ctx: ChangeContext, order: OrderState): Promise<number> {
  const o = order.row
  const entries = await ctx.trx.selectFrom('voucher_history').select(['voucher_id', 'type', 'amount'])
    .where('order_id', '=', o.id).where('type', 'in', ['payment', 'payment-refund']).execute()
  const owed = new Map<string, number>()
  for (const e of entries) owed.set(e.voucher_id, (owed.get(e.voucher_id) ?? 0) + (e.type === 'payment' ? e.amount! : -e.amount!))
  let total = 0
  for (const [voucherId, amount] of owed) {
    if (amount <= 0) continue
    const v = await ctx.trx.selectFrom('vouchers').selectAll().where('id', '=', voucherId).forUpdate().executeTakeFirstOrThrow()
    await creditVoucher(ctx.trx, ctx.journal.actor, v, { amount, orderId: o.id, reference: o.number, note: `Refund of order ${o.number}` }, 'payment-refund')
    recordRefund(ctx, order, amount, v.code)
    total += amount
  }
  return total
}

/** The refund onto a voucher, in the order's payment log; no gateway is involved. */
function recordRefund(ctx: ChangeContext, order: OrderState, amount: number, code: string): void {
  const o = order.row
  const row: TransactionRow = {
    id: uuidv7(), order_id: o.id, delivery_id: null, operation: 'REFUND', amount, currency: o.currency, status: 'succeeded',
    reference: code, message: `Back onto voucher ${code}`, actor_kind: ctx.journal.actor.kind, actor_id: ctx.journal.actor.id,
    actor_name: ctx.journal.actor.name, created_at: new Date(),
  }
  order.transactions.push(row)
  ctx.journal.transaction(row)
  refreshPaymentStatus(order)
  ctx.journal.entry(o.id, 'payment', { action: 'REFUND', to: 'succeeded', note: `REFUND ${formatAmount(amount, o.currency)} back onto voucher ${code}` })
  ctx.journal.event('payment.refunded', o.id, o.shop_code, { operation: 'REFUND', amount, status: 'succeeded', voucher: code })
}
