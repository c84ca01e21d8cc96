/** A newly placed order with its lines and deliveries, as rows to write in one statement. */
import type { Insert } from '../db/write-together.ts'
import type { OrderState } from './order.repo.ts'

export function orderInserts(order: OrderState): Insert[] {
  const o = order.row
  return [
    { into: 'order_lines', rows: order.lines },
    { into: 'deliveries', rows: order.deliveries.map((d) => d.row) },
    { into: 'delivery_lines', rows: order.deliveries.flatMap((d) => d.lines) },
    { into: 'orders', rows: [{ ...o, billing_address: JSON.stringify(o.billing_address), shipping_address: JSON.stringify(o.shipping_address) }] },
  ]
}
