/** The amounts and the payment status of an order, derived from its transactions. */
import type { Operation, TransactionStatus } from './gateway.ts'

export const paymentStatuses = [
  'unpaid', 'advised', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided',
] as const
export type PaymentStatus = (typeof paymentStatuses)[number]

export interface TransactionFacts { operation: Operation | string; status: TransactionStatus | string; amount: number }
export interface PaymentAmounts { authorized: number; captured: number; refunded: number }

/** Money that is in the shop's hands: captured by the gateway, received offline, or marked paid. */
const receiving = new Set(['AUTH_CAPTURE', 'CAPTURE', 'OFFLINE', 'OVERRIDE'])

export function amountsOf(transactions: TransactionFacts[]): PaymentAmounts {
  let authorized = 0, captured = 0, refunded = 0
  for (const t of transactions) {
    if (t.status !== 'succeeded') continue
    if (t.operation === 'AUTH' || t.operation === 'AUTH_CAPTURE') authorized += t.amount
    if (t.operation === 'VOID') authorized -= t.amount
    if (receiving.has(t.operation)) captured += t.amount
    if (t.operation === 'REFUND' || t.operation === 'OFFLINE_REFUND') refunded += t.amount
  }
  return { authorized, captured, refunded }
}

export function paymentStatusOf(a: PaymentAmounts, total: number, advised: boolean, voided: boolean): PaymentStatus {
  if (a.refunded > 0) return a.refunded >= a.captured ? 'refunded' : 'partially_refunded'
  if (a.captured > 0) return a.captured >= total ? 'paid' : 'partially_paid'
  if (a.authorized > 0) return 'authorized'
  if (voided) return 'voided'
  if (total === 0) return 'paid'
  return advised ? 'advised' : 'unpaid'
}

/** What the customer still owes: nothing for an order that was cancelled or returned. */
export function owedBy(o: { status: string; total: number; captured: number; refunded: number; credited?: number }): number {
  if (o.status === 'cancelled' || o.status === 'returned') return 0
  // Money given back for returned goods or as goodwill is not asked for again.
  return Math.max(0, o.total - (o.credited ?? 0) - (o.captured - o.refunded))
}
