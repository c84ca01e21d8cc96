/**
 * How discount codes reduce an order: percent and amount codes come off the goods and are
 * spread over the lines in proportion to their amounts (so each line's tax is computed on
 * what is really paid); free shipping takes the shipping cost away.
 */
import { allocateProportionally, divRound } from '../shared/money.ts'
import type { SpreadDiscount } from '../orders/totals.ts'

export interface DiscountRule { code: string; kind: 'percent' | 'amount' | 'free_shipping'; value: number }
export interface AppliedCode { code: string; amount: number }

/** `value` is basis points for percent codes (1000 = 10 %), minor units for amount codes. */
export function spreadDiscounts(rules: DiscountRule[], lineAmounts: number[], shipping: number): { spread: SpreadDiscount; applied: AppliedCode[] } {
  const goods = lineAmounts.reduce((a, b) => a + b, 0)
  let offGoods = 0, offShipping = 0
  const applied: AppliedCode[] = []
  for (const r of rules) {
    let amount = 0
    if (r.kind === 'percent') amount = Math.min(divRound(goods * r.value, 10_000), goods - offGoods)
    if (r.kind === 'amount') amount = Math.min(r.value, goods - offGoods)
    if (r.kind === 'free_shipping') amount = shipping - offShipping
    if (r.kind === 'free_shipping') offShipping += amount
    else offGoods += amount
    applied.push({ code: r.code, amount })
  }
  return { spread: { lines: allocateProportionally(offGoods, lineAmounts), shipping: offShipping }, applied }
}
