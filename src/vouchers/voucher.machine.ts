/**
 * The voucher state machine, as data: what can happen to a voucher in each status, with
 * a guard giving the reason it cannot happen now. The balance is moved by the same
 * statement that checks it (see voucher.repo.ts); the machine picks the status after.
 */
import type { VoucherStatus } from '../db/tables/vouchers.ts'

export const voucherStatuses = ['active', 'redeemed', 'expired', 'voided'] as const satisfies readonly VoucherStatus[]

export interface VoucherFacts { status: VoucherStatus; value: number; balance: number; expired: boolean }

type Guard = (v: VoucherFacts) => string | undefined

export interface VoucherAction {
  from: readonly VoucherStatus[]
  targets: readonly VoucherStatus[]
  guard?: Guard
  /** The status once the action's balance change is applied. */
  next: (v: VoucherFacts) => VoucherStatus
}

const notExpired: Guard = (v) => (v.expired ? 'The voucher has expired' : undefined)
const spentOrActive = (v: VoucherFacts): VoucherStatus => (v.balance === 0 ? 'redeemed' : 'active')

export const voucherActions = {
  /** Paying with it, at the till or in an order. */
  redeem: { from: ['active'], targets: ['active', 'redeemed'], guard: notExpired, next: spentOrActive },
  /** Money refunded onto it (an order paid with it was cancelled or refunded). */
  credit: { from: ['active', 'redeemed', 'expired'], targets: ['active', 'expired'], next: (v) => (v.status === 'expired' ? 'expired' : 'active') },
  /** Its order was cancelled or refunded, or staff withdrew it. */
  void: { from: ['active'], targets: ['voided'], next: () => 'voided' },
  /** The expiry job, once its date has passed. */
  expire: { from: ['active'], targets: ['expired'], next: () => 'expired' },
  /** A new expiry date in the future brings an expired voucher with money on it back. */
  extend: {
    from: ['active', 'expired'], targets: ['active', 'redeemed'],
    guard: (v) => (v.status === 'expired' && v.balance === 0 ? 'Nothing is left on the voucher' : undefined),
    next: spentOrActive,
  },
} as const satisfies Record<string, VoucherAction>

export type VoucherActionName = keyof typeof voucherActions

/** Why the action cannot run now, or undefined when it can. */
export function voucherRefusalOf(name: VoucherActionName, v: VoucherFacts): string | undefined {
  const action: VoucherAction = voucherActions[name]
  if (!action.from.includes(v.status)) return `The voucher is ${v.status}`
  return action.guard?.(v)
}
