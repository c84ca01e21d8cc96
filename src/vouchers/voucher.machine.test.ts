import { describe, expect, it } from 'vitest'
import { voucherActions, voucherRefusalOf, voucherStatuses } from './voucher.machine.ts'

describe('voucher machine', () => {
  it('reaches every status from active, and every target is a status', () => {
    const reached = new Set<string>(['active'])
    for (let changed = true; changed;) {
      changed = false
      for (const a of Object.values(voucherActions)) {
        if (!a.from.some((s) => reached.has(s))) continue
        for (const t of a.targets) if (!reached.has(t)) { reached.add(t); changed = true }
      }
    }
    expect([...reached].sort()).toEqual([...voucherStatuses].sort())
  })
  it('refuses to redeem a voided or expired voucher, with the reason', () => {
    expect(voucherRefusalOf('redeem', { status: 'voided', value: 10, balance: 10, expired: false })).toBe('The voucher is voided')
    expect(voucherRefusalOf('redeem', { status: 'active', value: 10, balance: 10, expired: true })).toBe('The voucher has expired')
    expect(voucherRefusalOf('redeem', { status: 'active', value: 10, balance: 10, expired: false })).toBeUndefined()
  })
  it('spends down to redeemed and is credited back to active', () => {
    expect(voucherActions.redeem.next({ status: 'active', value: 10, balance: 0, expired: false })).toBe('redeemed')
    expect(voucherActions.credit.next({ status: 'redeemed', value: 10, balance: 4, expired: false })).toBe('active')
  })
})
