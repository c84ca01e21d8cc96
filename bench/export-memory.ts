/**
 * Export memory: peak RSS of the streaming export (GET /orders/export, `ordo export`) at two
 * sizes, against a baseline that loads the same orders and lines into memory first, then
 * writes the CSV. Each measurement runs in a fresh child process, so its peak is its own.
 * Flat memory means the streaming peak hardly grows from the small to the large export.
 *   node bench/export-memory.ts [orders, default 100000]      (DATABASE_URL for PostgreSQL, else PGlite in a folder)
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { stringify } from 'csv-stringify/sync'
import { systemActor } from '../src/auth/actor.ts'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { openDatabase, type Database } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { bulkOrders } from '../src/demo/bulk-orders.ts'
import { encodeOrders } from '../src/exports/export-formats.ts'
import { streamOrders } from '../src/exports/order-stream.ts'
import { createTestGateway } from '../src/payments/test-gateway.ts'
import { report } from './lib/report.ts'
import { client, makeWorld } from './lib/world.ts'

const [mode, limitArg, where] = process.argv.slice(2)
const mb = (kb: number) => Math.round(kb / 1024)

if (mode === '--stream' || mode === '--baseline') {
  // Child: one measurement. Prints "<orders> <seconds> <peak RSS in kB>".
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: where })
  const limit = Number(limitArg)
  const started = performance.now()
  const out = createWriteStream('/dev/null')
  // The newest `limit` orders: those placed since the limit-th newest.
  const since = (await handle.db.selectFrom('orders').select('created_at').orderBy('created_at', 'desc').offset(limit - 1).limit(1).executeTakeFirstOrThrow()).created_at
  let count = 0
  if (mode === '--stream') {
    await pipeline(Readable.from(encodeOrders('csv', streamOrders(handle.db, systemActor('bench'), { from: since.toISOString() }), () => count++)), out)
  } else count = await loadAllThenWrite(handle.db, since, out)
  const seconds = (performance.now() - started) / 1000
  console.log(`${count} ${seconds.toFixed(1)} ${process.resourceUsage().maxRSS}`)
  await handle.close()
  process.exit(0)
}

/** The baseline: every order and line in memory at once, then one CSV. */
async function loadAllThenWrite(db: Database, since: Date, out: NodeJS.WritableStream) {
  const orders = await db.selectFrom('orders').selectAll().where('created_at', '>=', since).execute()
  const lines = await db.selectFrom('order_lines').selectAll().where('order_id', 'in', db.selectFrom('orders').select('id').where('created_at', '>=', since)).execute()
  const byOrder = new Map(orders.map((o) => [o.id, o]))
  const text = stringify(lines.map((l) => { const o = byOrder.get(l.order_id)!; return [o.id, o.number, o.status, o.total, l.line_no, l.sku, l.quantity, l.amount] }))
  await new Promise<void>((ok) => out.write(text, () => ok()))
  return orders.length
}

const total = Number(mode ?? 100_000)
const databaseUrl = process.env.DATABASE_URL
const dir = databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'ordo-export-bench-'))
const handle = await openDatabase({ databaseUrl, dataDir: dir })
await migrateToLatest(handle.db)
const token = 'export-bench-token-0123456789'
const app = await buildApp({ db: handle.db, config: { ...loadConfig({}), adminToken: token }, gateway: createTestGateway() })
await app.listen({ port: 0, host: '127.0.0.1' })
const api = client(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`, token)
const existing = Number((await handle.db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
// A database kept from an earlier run (DATABASE_URL) is reused as it is.
if (existing === 0) await makeWorld(api, { products: 10, stock: 1_000_000, customers: 20 })
if (existing < total) {
  console.error(`Writing ${total - existing} orders ...`)
  await bulkOrders(handle.db, total - existing)
}
await app.close()
await handle.close()

/** `heapMb` caps the V8 heap: a streaming export must finish inside a small one. */
function measure(kind: '--stream' | '--baseline', n: number, heapMb?: number) {
  const flags = heapMb ? [`--max-old-space-size=${heapMb}`] : []
  const r = spawnSync(process.execPath, [...flags, new URL(import.meta.url).pathname, kind, String(n), dir ?? ''], { encoding: 'utf8', env: process.env })
  if (r.status !== 0) return { orders: 0, seconds: 0, peakMb: 0, failed: r.stderr.split('\n').find((l) => /heap|memory/i.test(l)) ?? `exit ${r.status}` }
  const [orders, seconds, rss] = r.stdout.trim().split(' ').map(Number)
  return { orders, seconds, peakMb: mb(rss), failed: '' }
}

const small = measure('--stream', Math.floor(total / 10))
const large = measure('--stream', total)
const capped = measure('--stream', total, 64)
const baseline = measure('--baseline', total)
const baselineCapped = measure('--baseline', total, 64)
const row = (run: string, m: ReturnType<typeof measure>) => ({ run, orders: m.orders, seconds: m.seconds, 'peak RSS MB': m.peakMb, failed: m.failed })
const rows = [
  row('streaming export (CSV)', small),
  row('streaming export (CSV)', large),
  row('streaming export (CSV), heap capped at 64 MB', capped),
  row('baseline: load all, then write', baseline),
  row('baseline, heap capped at 64 MB', baselineCapped),
]
await report('export-memory', `node bench/export-memory.ts ${total}`, rows, {
  'streaming peak, large / small': (large.peakMb / small.peakMb).toFixed(2),
  'streaming / baseline peak': (large.peakMb / baseline.peakMb).toFixed(2),
}, databaseUrl)
if (dir) rmSync(dir, { recursive: true, force: true })
