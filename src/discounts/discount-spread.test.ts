import { describe, expect, it } from 'vitest'
import { spreadDiscounts } from './discount-spread.ts'
import { computeTotals } from '../orders/totals.ts'

describe('discount spread', () => {
  it('spreads 10 % over two lines in proportion and taxes each line after its share', () => {
    // CHF gross: 100.00 at 8.1 % and 50.00 at 2.6 %; 10 % off = 15.00, 10.00 and 5.00.
    const { spread, applied } = spreadDiscounts([{ code: 'TEN', kind: 'percent', value: 1000 }], [10_000, 5_000], 0)
    expect(applied).toEqual([{ code: 'TEN', amount: 1500 }])
    expect(spread.lines).toEqual([1000, 500])
    const t = computeTotals([{ unitPrice: 10_000, quantity: 1, taxRateBp: 810 }, { unitPrice: 5_000, quantity: 1, taxRateBp: 260 }], 0, true, spread)
    // 90.00 * 8.1 / 108.1 = 6.7438 -> 6.74; 45.00 * 2.6 / 102.6 = 1.1403 -> 1.14
    expect(t.lines.map((l) => l.tax)).toEqual([674, 114])
    expect(t.total).toBe(13_500)
  })

  it('never takes more than the goods, and free shipping takes the shipping', () => {
    const { spread, applied } = spreadDiscounts([
      { code: 'BIG', kind: 'amount', value: 99_999 }, { code: 'SHIP', kind: 'free_shipping', value: 0 },
    ], [300, 700], 790)
    expect(applied).toEqual([{ code: 'BIG', amount: 1000 }, { code: 'SHIP', amount: 790 }])
    expect(spread).toEqual({ lines: [300, 700], shipping: 790 })
  })

  it('splits an odd cent so the parts add up', () => {
    const { spread } = spreadDiscounts([{ code: 'X', kind: 'amount', value: 1001 }], [1000, 1000, 1000], 0)
    expect(spread.lines.reduce((a, b) => a + b, 0)).toBe(1001)
  })
})
