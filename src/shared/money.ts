/** Money is integers in minor units. Rounding is explicit: half away from zero. */

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
