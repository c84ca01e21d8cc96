/** Writes a newly placed order with its lines and deliveries: one statement per table. */
import type { Database } from '../db/database.ts'
import type { OrderState } from './order.repo.ts'

export async function insertOrder(trx: Database, order: OrderState): Promise<void> {
  const o = order.row
  await trx.insertInto('orders').values({
    ...o,
    billing_address: JSON.stringify(o.billing_address),
    shipping_address: JSON.stringify(o.shipping_address),
  }).execute()
  await trx.insertInto('order_lines').values(order.lines).execute()
  if (order.deliveries.length === 0) return
  await trx.insertInto('deliveries').values(order.deliveries.map((d) => d.row)).execute()
  const lines = order.deliveries.flatMap((d) => d.lines)
  if (lines.length) await trx.insertInto('delivery_lines').values(lines).execute()
}
