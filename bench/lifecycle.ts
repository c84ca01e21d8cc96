/**
 * Benchmark 3, lifecycle: full flows per second (place with card authorised, pack, ready,
 * ship with capture, deliver) through the HTTP API, against the same writes done by raw
 * SQL: five transactions per flow, each locking the order and writing its changes.
 *   node bench/lifecycle.ts [seconds per step, default 8]
 */
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { onConnection, rawPool, scratchDatabase } from './lib/database.ts'
import { startServerProcess } from '../test/server-process.ts'
import { round, runLoad } from './lib/load.ts'
import { report } from './lib/report.ts'
import { client, makeWorld } from './lib/world.ts'
import { fullFlow } from './lib/flow.ts'
import { rawPlacement } from './lib/baseline.ts'

const seconds = Number(process.argv[2] ?? 8)
const db = await scratchDatabase()
const server = await startServerProcess(db.url)
try {
  const api = client(server.url, server.token)
  const world = await makeWorld(api, { products: 20, stock: 10_000_000, customers: 100 })
  const pool = rawPool(db.url, 40)
  const rows = []
  for (const clients of [1, 8, 32]) {
    const ordo = await runLoad(clients, seconds, (c) => fullFlow(api, world, c))
    let seq = 0
    const raw = await runLoad(clients, seconds, (c) => onConnection(pool, (conn) =>
      rawFlow(conn, world.shop, world.warehouse, world.customers[c % world.customers.length], world.skus.slice(c % 17, c % 17 + 3), seq++)))
    rows.push({
      clients, 'ordo flows/s': ordo.perSecond, 'ordo p50 ms': ordo.p50ms, 'ordo p99 ms': ordo.p99ms, 'ordo failed': ordo.failures,
      'raw flows/s': raw.perSecond, 'raw p50 ms': raw.p50ms, 'ordo / raw': round(ordo.perSecond / raw.perSecond),
    })
  }
  await pool.end()
  await report('lifecycle', `node bench/lifecycle.ts ${seconds}`, rows, {}, db.url)
} finally {
  await server.stop()
  await db.drop()
}

/** Placement, then four delivery steps, each its own transaction that locks the order first. */
async function rawFlow(conn: pg.PoolClient, shop: string, warehouse: string, customer: string, skus: string[], seq: number) {
  await rawPlacement(conn, shop, warehouse, customer, skus, seq)
  const { rows } = await conn.query(`select o.id as order_id, d.id as delivery_id from orders o join deliveries d on d.order_id = o.id
    where o.number like $1 limit 1`, [`RAW-${seq}-%`])
  const { order_id: orderId, delivery_id: deliveryId } = rows[0]
  for (const [from, to] of [['allocated', 'packing'], ['packing', 'ready_to_ship'], ['ready_to_ship', 'shipped'], ['shipped', 'delivered']]) {
    await conn.query('begin')
    await conn.query('select id from orders where id = $1 for update', [orderId])
    await conn.query(`update deliveries set status = $2, updated_at = now() where id = $1 and status = $3`, [deliveryId, to, from])
    if (to === 'shipped') {
      await conn.query(`update stock_levels set on_hand = on_hand - 1, reserved = reserved - 1 where sku = any($1) and warehouse_code = $2`, [skus, warehouse])
      await conn.query(`insert into payment_transactions (id, order_id, operation, amount, currency, status, actor_kind, actor_id, actor_name)
        values ($1, $2, 'CAPTURE', 3000, 'CHF', 'succeeded', 'token', 'raw', 'raw')`, [randomUUID(), orderId])
    }
    await conn.query(`update orders set status = $2, version = version + 1, updated_at = now() where id = $1`, [orderId, to === 'delivered' ? 'completed' : to === 'shipped' ? 'partially_shipped' : 'in_progress'])
    await conn.query(`insert into order_history (order_id, type, action, to_status, actor_kind, actor_id, actor_name) values ($1, 'delivery', $2, $2, 'token', 'raw', 'raw')`, [orderId, to])
    await conn.query(`insert into events (type, order_id, shop_code, payload) values ($2, $1, $3, '{}')`, [orderId, `delivery.${to}`, shop])
    await conn.query('commit')
  }
}
