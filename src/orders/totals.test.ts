import { describe, expect, it } from 'vitest'
import { computeTotals, taxOf } from './totals.ts'
import { allocateProportionally, divRound } from '../shared/money.ts'

describe('totals', () => {
  it('rounds half away from zero', () => {
    expect(divRound(5, 10)).toBe(1)
    expect(divRound(4, 10)).toBe(0)
    expect(divRound(-5, 10)).toBe(-1)
    expect(divRound(15, 10)).toBe(2)
  })

  it('takes the tax out of gross prices and adds it to net prices, per line', () => {
    // 29.90 incl. 8.1 %: 29.90 * 8.1 / 108.1 = 2.2404 -> 2.24
    expect(taxOf(2990, 810, true)).toBe(224)
    // 29.90 net at 8.1 %: 2.4219 -> 2.42
    expect(taxOf(2990, 810, false)).toBe(242)
  })

  it('adds up a gross basket: tax is contained, not added', () => {
    const t = computeTotals([{ unitPrice: 2990, quantity: 2, taxRateBp: 810 }, { unitPrice: 1000, quantity: 1, taxRateBp: 260 }], 700, true)
    expect(t.subtotal).toBe(6980)
    expect(t.total).toBe(7680)
    // 59.80 -> 4.48; 10.00 -> 0.25; shipping 7.00 at the highest rate 8.1 % -> 0.52
    expect(t.tax).toBe(448 + 25 + 52)
    expect(t.shippingTax).toBe(52)
  })

  it('adds up a net basket: tax on top', () => {
    const t = computeTotals([{ unitPrice: 1000, quantity: 3, taxRateBp: 1900 }], 500, false)
    expect(t.subtotal).toBe(3000)
    expect(t.tax).toBe(570 + 95)
    expect(t.total).toBe(3000 + 500 + 665)
  })

  it('splits an amount into parts that add up exactly', () => {
    expect(allocateProportionally(1000, [1, 1, 1])).toEqual([334, 333, 333])
    expect(allocateProportionally(999, [2, 1]).reduce((a, b) => a + b)).toBe(999)
    expect(allocateProportionally(500, [0, 0])).toEqual([500, 0])
  })
})
