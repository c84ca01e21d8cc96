/**
 * The physical limit: PostgreSQL doing the same writes as an Ordo placement, from a
 * tight loop with nothing in between (no HTTP, no validation, no service code). One
 * transaction per order: lock and reserve the stock, write the order, its lines, its
 * delivery and delivery lines, the payment, the history and the events.
 */
import { randomUUID } from 'node:crypto'
import type pg from 'pg'

export async function rawPlacement(client: pg.PoolClient, shop: string, warehouse: string, customerId: string, skus: string[], seq: number): Promise<void> {
  const orderId = randomUUID(), deliveryId = randomUUID()
  const lineIds = skus.map(() => randomUUID())
  await client.query('begin')
  try {
    await client.query('select sku from stock_levels where sku = any($1) and warehouse_code = $2 order by sku for update', [skus, warehouse])
    await client.query(`update stock_levels set reserved = reserved + 1 where sku = any($1) and warehouse_code = $2`, [skus, warehouse])
    await client.query(`insert into orders (id, shop_code, number, status, payment_status, customer_id, customer_email, customer_name,
        billing_address, address_text, currency, prices_include_tax, subtotal, tax, total, payment_method, capture_mode, capture_per,
        authorized, captured, invoice_number)
      values ($1, $2, $3, 'in_progress', 'paid', $4, 'raw@example.test', 'Raw', '{}', 'raw', 'CHF', true, 3000, 224, 3000, 'card', 'immediate', 'delivery', 3000, 3000, $3)`,
      [orderId, shop, `RAW-${seq}-${orderId.slice(0, 8)}`, customerId])
    await client.query(`insert into order_lines (id, order_id, line_no, sku, name, kind, quantity, unit_price, tax_rate_bp, amount, tax)
      select id, $1, n, sku, sku, 'physical', 1, 1000, 810, 1000, 75 from unnest($2::uuid[], $3::text[]) with ordinality as t(id, sku, n)`, [orderId, lineIds, skus])
    await client.query(`insert into deliveries (id, order_id, number, kind, status, warehouse_code, amount) values ($1, $2, $3, 'standard', 'allocated', $4, 3000)`,
      [deliveryId, orderId, `RAW-${seq}-1`, warehouse])
    await client.query(`insert into delivery_lines (delivery_id, order_line_id, sku, quantity) select $1, id, sku, 1 from unnest($2::uuid[], $3::text[]) as t(id, sku)`,
      [deliveryId, lineIds, skus])
    await client.query(`insert into payment_transactions (id, order_id, operation, amount, currency, status, reference, actor_kind, actor_id, actor_name)
      values ($1, $2, 'AUTH_CAPTURE', 3000, 'CHF', 'succeeded', 'raw', 'token', 'raw', 'raw')`, [randomUUID(), orderId])
    await client.query(`insert into order_history (order_id, type, action, to_status, actor_kind, actor_id, actor_name)
      values ($1, 'transition', 'place', 'in_progress', 'token', 'raw', 'raw'), ($1, 'payment', 'AUTH_CAPTURE', 'succeeded', 'token', 'raw', 'raw'),
             ($1, 'delivery', 'allocate', 'allocated', 'token', 'raw', 'raw')`, [orderId])
    await client.query(`insert into events (type, order_id, shop_code, payload) values ('order.placed', $1, $2, '{}'), ('payment.captured', $1, $2, '{}'),
      ('delivery.allocated', $1, $2, '{}'), ('order.paid', $1, $2, '{}')`, [orderId, shop])
    await client.query('commit')
  } catch (error) {
    await client.query('rollback')
    throw error
  }
}
