/**
 * What of an order can still come back: per line, the units that went out (shipped or
 * delivered) minus those already on a return (authorised, or received when the return
 * was received), and what a unit is worth to the customer.
 */
import type { OrderLineRow, OrderState } from '../orders/order.repo.ts'
import { grossOf } from '../orders/totals.ts'
import type { ReturnState } from './return.repo.ts'

const goneOut = new Set(['shipped', 'delivered'])

export interface LineReturnFacts { line: OrderLineRow; shipped: number; onReturns: number; received: number; returnable: number }

/** Units a return takes up: all it asked for while authorised, what came back once received. */
const takenBy = (r: ReturnState, lineId: string) => {
  const l = r.lines.find((x) => x.order_line_id === lineId)
  if (!l || r.row.status === 'cancelled') return 0
  return r.row.status === 'authorized' ? l.quantity : l.received_quantity
}

export function returnFacts(order: OrderState, returns: ReturnState[]): LineReturnFacts[] {
  return order.lines.map((line) => {
    const shipped = order.deliveries.filter((d) => goneOut.has(d.row.status))
      .flatMap((d) => d.lines).filter((l) => l.order_line_id === line.id).reduce((s, l) => s + l.quantity, 0)
    const onReturns = returns.reduce((s, r) => s + takenBy(r, line.id), 0)
    const received = returns.filter((r) => r.row.status === 'received' || r.row.status === 'refunded')
      .reduce((s, r) => s + (r.lines.find((l) => l.order_line_id === line.id)?.received_quantity ?? 0), 0)
    return { line, shipped, onReturns, received, returnable: Math.max(0, shipped - onReturns) }
  })
}

/** What one unit of the line cost the customer, tax included (after any cancelled units). */
export function unitValueOf(order: OrderState, line: OrderLineRow): number {
  const units = line.quantity - line.cancelled_quantity
  if (units <= 0) return 0
  return Math.round(grossOf({ amount: line.amount, tax: line.tax }, order.row.prices_include_tax) / units)
}

/** Shipping as the customer paid it, tax included. */
export function shippingGrossOf(order: OrderState): number {
  const o = order.row
  if (o.prices_include_tax) return o.shipping
  const lineTax = order.lines.reduce((s, l) => s + l.tax, 0)
  return o.shipping + Math.max(0, o.tax - lineTax)
}

/** Everything that went out came back, and nothing is left to go out. */
export function everythingCameBack(order: OrderState, facts: LineReturnFacts[]): boolean {
  const open = order.deliveries.some((d) => !['shipped', 'delivered', 'cancelled', 'returned'].includes(d.row.status))
  const shipped = facts.reduce((s, f) => s + f.shipped, 0)
  return !open && shipped > 0 && facts.every((f) => f.received >= f.shipped)
}
