/**
 * Moving money on and off a voucher. The voucher row is locked first, so parallel
 * redemptions queue and each sees the balance the one before left; the balance check
 * in the table refuses anything below zero whatever happens.
 */
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { formatAmount } from '../payments/payment.service.ts'
import { voucherActions, voucherRefusalOf, type VoucherFacts } from './voucher.machine.ts'
import { appendVoucherHistory, saveVoucher, voucherEvent, type VoucherRow } from './voucher.repo.ts'

export const factsOfVoucher = (v: VoucherRow, now = new Date()): VoucherFacts =>
  ({ status: v.status, value: v.value, balance: v.balance, expired: v.expires_at !== null && v.expires_at <= now })

export interface Movement { amount: number; reference?: string | null; orderId?: string | null; note?: string | null }

/** Takes `amount` off a locked voucher: refused with a reason when it is not usable or holds less. */
export async function redeemVoucher(trx: Database, actor: Actor, v: VoucherRow, m: Movement, type = 'redemption'): Promise<VoucherRow> {
  const refusal = voucherRefusalOf('redeem', factsOfVoucher(v))
  if (refusal) throw new DomainError('voucher_not_usable', `${refusal}: ${v.code}`, { code: v.code, status: v.status, expiresAt: v.expires_at })
  if (m.amount > v.balance) {
    throw new DomainError('voucher_balance_insufficient', `Voucher ${v.code} holds ${formatAmount(v.balance, v.currency)}, not ${formatAmount(m.amount, v.currency)}`,
      { code: v.code, balance: v.balance, requested: m.amount })
  }
  v.balance -= m.amount
  v.status = voucherActions.redeem.next(factsOfVoucher(v))
  const saved = await saveVoucher(trx, v)
  await appendVoucherHistory(trx, actor, saved, { type, ...m })
  await voucherEvent(trx, 'voucher.redeemed', saved, { amount: m.amount, reference: m.reference ?? null, paidOrderId: m.orderId ?? null })
  return saved
}

/** Puts `amount` back onto a locked voucher (a refund of what it paid). */
export async function creditVoucher(trx: Database, actor: Actor, v: VoucherRow, m: Movement, type = 'credit'): Promise<VoucherRow> {
  const refusal = voucherRefusalOf('credit', factsOfVoucher(v))
  if (refusal) throw new DomainError('voucher_not_usable', `${refusal}: ${v.code}`, { code: v.code, status: v.status })
  if (v.balance + m.amount > v.value) throw new Error(`voucher ${v.code}: a credit of ${m.amount} would exceed its value`)
  v.balance += m.amount
  v.status = voucherActions.credit.next(factsOfVoucher(v))
  const saved = await saveVoucher(trx, v)
  await appendVoucherHistory(trx, actor, saved, { type, ...m })
  return saved
}

/** Withdraws a locked voucher: its balance is gone. */
export async function voidVoucher(trx: Database, actor: Actor, v: VoucherRow, note: string | null, orderId?: string): Promise<VoucherRow> {
  const refusal = voucherRefusalOf('void', factsOfVoucher(v))
  if (refusal) throw new DomainError('voucher_not_usable', `${refusal}: ${v.code}`, { code: v.code, status: v.status })
  const amount = v.balance
  v.balance = 0
  v.status = 'voided'
  const saved = await saveVoucher(trx, v)
  await appendVoucherHistory(trx, actor, saved, { type: 'void', amount: -amount, note, orderId })
  await voucherEvent(trx, 'voucher.voided', saved, { reason: note })
  return saved
}
