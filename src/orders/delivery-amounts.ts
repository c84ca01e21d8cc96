/** What each delivery of an order costs: each line's gross split by the quantities, shipping on the first. */
import { allocateProportionally } from '../shared/money.ts'

/**
 * @param quantities per delivery, the quantity of each order line it carries
 * @param lineGross  each line's gross amount (for the quantity still ordered)
 */
export function deliveryAmounts(quantities: number[][], lineGross: number[], shippingGross: number): number[] {
  const amounts = quantities.map(() => 0)
  lineGross.forEach((gross, line) => {
    allocateProportionally(gross, quantities.map((q) => q[line] ?? 0)).forEach((a, k) => { amounts[k] += a })
  })
  if (amounts.length) amounts[0] += shippingGross
  return amounts
}
