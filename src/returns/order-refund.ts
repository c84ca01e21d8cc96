/**
 * A refund without a return (A9): goodwill, a price adjustment, or staff recording a
 * refund they paid by hand when the gateway refused (A7). Never more than was paid
 * minus what was refunded; the order then asks for that much less.
 */
import type { Actor } from '../auth/actor.ts'
import type { Notes } from '../orders/journal.ts'
import { finishChange, isPaid, type ChangeContext } from '../orders/order-change.ts'
import { loadOrderFor, type OrderState } from '../orders/order.repo.ts'
import { formatAmount } from '../payments/payment.service.ts'
import { refundMoney } from '../payments/refund.ts'
import { issueCreditNote } from '../documents/issue-documents.ts'
import type { Outcome } from './outcome.ts'

export interface OrderRefundInput extends Notes { amount: number; reason: string; manual?: boolean }

export async function refundOrder(ctx: ChangeContext, actor: Actor, orderId: string, input: OrderRefundInput): Promise<Outcome<OrderState>> {
  const order = await loadOrderFor(actor, ctx.trx, orderId, true)
  const paidBefore = isPaid(order)
  const failure = await refundMoney(ctx, order, { amount: input.amount, reason: input.reason, manual: input.manual })
  if (failure) {
    ctx.journal.entry(order.row.id, 'action_failed', { action: 'refund', note: failure.message })
    await finishChange(ctx, order, paidBefore)
    return { ok: false, error: failure }
  }
  order.row.credited = (order.row.credited ?? 0) + input.amount
  // Money given back without goods: a credit note for the amount, spread over the invoice's tax rates.
  await issueCreditNote(ctx.trx, ctx.journal, order, { reason: input.reason, amount: input.amount })
  const how = input.manual ? ' (paid back by hand)' : ''
  ctx.journal.entry(order.row.id, 'refund', {
    action: 'refund', note: `Refunded ${formatAmount(input.amount, order.row.currency)}${how}. Reason: ${input.reason}${input.note ? `. ${input.note}` : ''}`,
    clientNote: input.clientNote,
  })
  ctx.journal.event('order.refunded', order.row.id, order.row.shop_code, { amount: input.amount, reason: input.reason, manual: input.manual ?? false })
  await finishChange(ctx, order, paidBefore)
  return { ok: true, value: order }
}
