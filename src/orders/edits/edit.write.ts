/** Writes what an edit changed: header, lines, new deliveries and the lines of every delivery it touched. */
import type { ChangeContext } from '../order-change.ts'
import type { DeliveryState, OrderLineRow, OrderState } from '../order.repo.ts'
import type { WorkCopy } from './edit.changes.ts'

export async function writeEdit(ctx: ChangeContext, order: OrderState, w: WorkCopy, newLines: OrderLineRow[], created: DeliveryState[]): Promise<void> {
  const o = order.row
  const trx = ctx.trx
  if (w.billing) o.billing_address = w.billing
  if (w.shipping) o.shipping_address = w.shipping
  if (w.phone !== undefined) o.billing_address = { ...o.billing_address, phone: w.phone }
  if (w.email !== undefined) o.customer_email = w.email
  if (w.name !== undefined) o.customer_name = w.name
  if (w.billing || w.shipping || w.phone !== undefined || w.email !== undefined || w.name !== undefined) {
    const addresses = [o.billing_address, o.shipping_address].filter(Boolean)
    o.address_text = addresses.map((a) => Object.values(a!).join(' ')).join(' | ').toLowerCase()
    await trx.updateTable('orders').set({
      billing_address: JSON.stringify(o.billing_address), shipping_address: JSON.stringify(o.shipping_address),
      address_text: o.address_text, customer_email: o.customer_email, customer_name: o.customer_name,
    }).where('id', '=', o.id).execute()
  }
  if (newLines.length) await trx.insertInto('order_lines').values(newLines).execute()
  for (const l of w.lines) {
    if (!l.line || l.before === l.after) continue
    await trx.updateTable('order_lines').set({ quantity: l.line.quantity, cancelled_quantity: l.line.cancelled_quantity, amount: l.line.amount, discount: l.line.discount, tax: l.line.tax })
      .where('id', '=', l.line.id).execute()
  }
  if (created.length) await trx.insertInto('deliveries').values(created.map((d) => d.row)).execute()
  for (const d of order.deliveries.filter((x) => x.changed)) {
    d.lines = d.lines.filter((l) => l.quantity > 0)
    await trx.deleteFrom('delivery_lines').where('delivery_id', '=', d.row.id).execute()
    if (d.lines.length) await trx.insertInto('delivery_lines').values(d.lines).execute()
  }
}
