/**
 * Benchmark 1, placement: orders placed per second through the HTTP API (card, immediate
 * capture, 3 lines, stock reserved) at 1, 8, 32 and 64 concurrent clients on PostgreSQL,
 * against the same rows written by raw SQL at the same concurrency; and the number of SQL
 * statements one placement runs, with 1 line and with 20. The shop has placed orders for 5 s
 * and the tables are analysed before the first load; each load starts on a quiet machine:
 * what the one before left to the worker (PDFs, e-mails) is done first.
 *   node bench/placement.ts [seconds per step, default 8]
 */
import { sql } from 'kysely'
import { onConnection, rawPool, scratchDatabase } from './lib/database.ts'
import { startServerProcess } from '../test/server-process.ts'
import { runLoad, round } from './lib/load.ts'
import { report } from './lib/report.ts'
import { client, makeWorld, orderBody } from './lib/world.ts'
import { rawPlacement } from './lib/baseline.ts'
import { countStatementsPerPlacement } from './lib/statements.ts'
import { untilQuiet } from './lib/cpu.ts'

const seconds = Number(process.argv[2] ?? 8)
const levels = [1, 8, 32, 64]

const db = await scratchDatabase()
const server = await startServerProcess(db.url)
try {
  const api = client(server.url, server.token)
  const world = await makeWorld(api, { products: 20, stock: 10_000_000, customers: 200 })
  const pool = rawPool(db.url, 70)
  // A shop with a history, as PostgreSQL's statistics know it: a database measured from empty
  // keeps the plans its connections prepared while the tables were empty (seq scans of the
  // order's parts that grew from 0.15 to 3.5 ms a placement over the run) until an ANALYZE.
  const place = async (c: number) => (await api.call('POST', '/orders', orderBody(world, c, 3))).status === 201
  await runLoad(16, 5, place)
  await untilQuiet()
  await sql`analyze`.execute(db.handle.db)
  const rows = []
  for (const clients of levels) {
    await untilQuiet()
    const ordo = await runLoad(clients, seconds, place)
    // The worker draws the orders' PDFs and sends their e-mails after the answers: raw SQL is
    // measured once that is done, not on the CPU it leaves.
    const drained = await untilQuiet()
    let seq = 0
    const raw = await runLoad(clients, seconds, (c) => onConnection(pool, (conn) =>
      rawPlacement(conn, world.shop, world.warehouse, world.customers[c % world.customers.length], world.skus.slice(c % 17, c % 17 + 3), seq++)))
    rows.push({
      clients, 'ordo orders/s': ordo.perSecond, 'ordo p50 ms': ordo.p50ms, 'ordo p95 ms': ordo.p95ms, 'ordo p99 ms': ordo.p99ms,
      'ordo failed': ordo.failures, 'raw SQL orders/s': raw.perSecond, 'raw p50 ms': raw.p50ms, 'raw p99 ms': raw.p99ms,
      'ordo / raw': round(ordo.perSecond / raw.perSecond), 'ordo drained s': drained,
    })
  }
  await pool.end()
  const statements = await countStatementsPerPlacement(db.handle.db, world)
  await report('placement', `node bench/placement.ts ${seconds}`, rows, { statementsPerPlacement: statements }, db.url)
} finally {
  await server.stop()
  await db.drop()
}
