/** Money is integers in minor units. Rounding is explicit: half away from zero. */
import { DomainError } from '../http/errors.ts'

/**
 * The largest amount Ordo takes, in minor units (1,000,000,000.00 in a two-decimal currency).
 * Every price, line, total and payment stays below it, so sums and tax (amount x basis
 * points) stay far inside 2^53 and are exact.
 */
export const maxAmount = 100_000_000_000

/** Refuses (422) an order whose lines or total go beyond what Ordo can add up exactly. */
export function assertAmountsInRange(totals: { total: number; subtotal: number; lines: { amount: number }[] }): void {
  const largest = Math.max(totals.total, totals.subtotal, ...totals.lines.map((l) => l.amount))
  if (!Number.isSafeInteger(largest) || largest > maxAmount) {
    throw new DomainError('amount_out_of_range', `The order comes to more than ${maxAmount} minor units; split it into several orders`, { maxAmount })
  }
}

/** a / b rounded half away from zero, for integers a and positive b. */
export function divRound(a: number, b: number): number {
  const q = Math.floor(Math.abs(a) / b)
  const r = Math.abs(a) - q * b
  const rounded = r * 2 >= b ? q + 1 : q
  return a < 0 ? -rounded : rounded
}

/** Tax rate as given in the API (8.1 = 8.1 %) to basis points (810), exactly. */
export const percentToBasisPoints = (percent: number) => Math.round(percent * 100)
export const basisPointsToPercent = (bp: number) => bp / 100

/** Splits `total` in proportion to `weights`, so that the parts add up to `total` exactly. */
export function allocateProportionally(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0))
  const parts = weights.map((w) => Math.floor((total * w) / sum))
  let rest = total - parts.reduce((a, b) => a + b, 0)
  for (let i = 0; rest > 0; i = (i + 1) % parts.length, rest--) parts[i]++
  return parts
}
