/**
 * Benchmark 6, embedded: placement and search on PGlite, the database `npm start` uses,
 * kept in a folder on disk as by default. Baseline: the same placement writes as raw SQL
 * on the same PGlite, in the same process.
 *   node bench/embedded.ts [seconds per step, default 8] [bulk orders for search, default 20000]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createTestGateway } from '../src/payments/test-gateway.ts'
import { bulkOrders } from '../src/demo/bulk-orders.ts'
import { round, runLoad, timeRepeated } from './lib/load.ts'
import { report } from './lib/report.ts'
import { client, makeWorld, orderBody } from './lib/world.ts'
import { sql } from 'kysely'
import { randomUUID } from 'node:crypto'

const seconds = Number(process.argv[2] ?? 8)
const bulk = Number(process.argv[3] ?? 20_000)
const dir = mkdtempSync(join(tmpdir(), 'ordo-embedded-'))
const handle = await openDatabase({ dataDir: dir })
await migrateToLatest(handle.db)
const token = 'embedded-bench-token-0123456789'
const app = await buildApp({ db: handle.db, config: { ...loadConfig({}), adminToken: token }, gateway: createTestGateway() })
await app.listen({ port: 0, host: '127.0.0.1' })
try {
  const address = app.server.address() as { port: number }
  const api = client(`http://127.0.0.1:${address.port}`, token)
  const world = await makeWorld(api, { products: 20, stock: 10_000_000, customers: 50 })
  const rows: Record<string, unknown>[] = []
  for (const clients of [1, 8]) {
    const ordo = await runLoad(clients, seconds, async (c) => (await api.call('POST', '/orders', orderBody(world, c, 3))).status === 201)
    const raw = await runLoad(clients, seconds, async (c) => { await rawPlacement(world.customers[c % world.customers.length]); return true })
    rows.push({ step: `placement, ${clients} client(s)`, 'ordo per s': ordo.perSecond, 'ordo p50 ms': ordo.p50ms, 'ordo p95 ms': ordo.p95ms, 'raw SQL per s': raw.perSecond, 'ordo / raw': round(ordo.perSecond / raw.perSecond) })
  }
  await bulkOrders(handle.db, bulk)
  for (const [name, qs] of [['first page', ''], ['status filter', 'status=cancelled,returned'], ['@city', 'q=%40lugano'], ['SKU', 'sku=BENCH-3']]) {
    const t = await timeRepeated(20, async () => { if ((await api.call('GET', `/orders?limit=50&${qs}`)).status !== 200) throw new Error(name) })
    rows.push({ step: `search: ${name} (${bulk} orders)`, 'ordo p50 ms': t.p50ms, 'ordo p95 ms': t.p95ms })
  }
  await report('embedded', `node bench/embedded.ts ${seconds} ${bulk}`, rows)
} finally {
  await app.close()
  await handle.close()
  rmSync(dir, { recursive: true, force: true })
}

/** The placement's writes, bare, on the same PGlite (one connection, as Ordo has). */
async function rawPlacement(customerId: string) {
  const orderId = randomUUID()
  await handle.db.transaction().execute(async (trx) => {
    await sql`select sku from stock_levels where sku in ('BENCH-0','BENCH-1','BENCH-2') order by sku for update`.execute(trx)
    await sql`update stock_levels set reserved = reserved + 1 where sku in ('BENCH-0','BENCH-1','BENCH-2')`.execute(trx)
    await sql`insert into orders (id, shop_code, number, status, payment_status, customer_id, customer_email, customer_name, billing_address,
      address_text, currency, prices_include_tax, subtotal, tax, total, payment_method, capture_mode, capture_per)
      values (${orderId}, 'bench', ${`RAW-${orderId}`}, 'in_progress', 'paid', ${customerId}, 'r@example.test', 'R', '{}', 'r', 'CHF', true, 3000, 224, 3000, 'card', 'immediate', 'delivery')`.execute(trx)
    await sql`insert into order_lines (id, order_id, line_no, sku, name, kind, quantity, unit_price, tax_rate_bp, amount, tax)
      select gen_random_uuid(), ${orderId}, n, 'BENCH-' || (n - 1), 'x', 'physical', 1, 1000, 810, 1000, 75 from generate_series(1, 3) n`.execute(trx)
    await sql`insert into deliveries (id, order_id, number, kind, status, warehouse_code, amount) values (gen_random_uuid(), ${orderId}, 'x', 'standard', 'allocated', 'main', 3000)`.execute(trx)
    await sql`insert into payment_transactions (id, order_id, operation, amount, currency, status, actor_kind, actor_id, actor_name)
      values (gen_random_uuid(), ${orderId}, 'AUTH_CAPTURE', 3000, 'CHF', 'succeeded', 'token', 'raw', 'raw')`.execute(trx)
    await sql`insert into order_history (order_id, type, action, to_status, actor_kind, actor_id, actor_name) values (${orderId}, 'transition', 'place', 'in_progress', 'token', 'raw', 'raw')`.execute(trx)
    await sql`insert into events (type, order_id, shop_code, payload) values ('order.placed', ${orderId}, 'bench', '{}')`.execute(trx)
  })
}
