/**
 * Export memory: peak RSS of `ordo export --format csv` (a process of its own, as it runs
 * for a shop) at two sizes, against its own floor (the same command exporting nothing: the
 * process with its modules and the open database; on PGlite that holds PGlite's WASM heap)
 * and a baseline that loads the same orders and lines into memory first, then writes the CSV.
 * XML and JSON Lines, built order by order in JavaScript, run at the large size against their
 * own floor. Flat memory means the streaming peak hardly grows from the small to the large export.
 *   node bench/export-memory.ts [orders, default 100000]      (DATABASE_URL for PostgreSQL, else PGlite in a folder)
 */
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { openDatabase, type Database } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { bulkOrders } from '../src/demo/bulk-orders.ts'
import { createTestGateway } from '../src/payments/test-gateway.ts'
import { report } from './lib/report.ts'
import { client, makeWorld } from './lib/world.ts'

const [mode, limitArg, where] = process.argv.slice(2)
const mb = (kb: number) => Math.round(kb / 1024)

if (mode === '--baseline') {
  // Child: the baseline. Prints "<orders> <seconds> <peak RSS in kB>".
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: where })
  const started = performance.now()
  const count = await loadAllThenWrite(handle.db, await since(handle.db, Number(limitArg)), createWriteStream('/dev/null'))
  const seconds = (performance.now() - started) / 1000
  console.log(`${count} ${seconds.toFixed(1)} ${process.resourceUsage().maxRSS}`)
  await handle.close()
  process.exit(0)
}

/** The newest `limit` orders: those placed since the limit-th newest. */
async function since(db: Database, limit: number): Promise<Date> {
  return (await db.selectFrom('orders').select('created_at').orderBy('created_at', 'desc').offset(limit - 1).limit(1).executeTakeFirstOrThrow()).created_at
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
const sinceOf = new Map<number, string>()
for (const n of [Math.floor(total / 10), total]) sinceOf.set(n, (await since(handle.db, n)).toISOString())
await handle.close()

type Measured = { orders: number; seconds: number; peakMb: number; failed: string }

type Format = 'csv' | 'xml' | 'jsonl'

/** `ordo export` of the newest n orders (none: its floor), followed in /proc. */
async function exportRun(n: number, heapMb?: number, format: Format = 'csv'): Promise<Measured> {
  const flags = heapMb ? [`--max-old-space-size=${heapMb}`] : []
  const filter = n === 0 ? ['--shop', 'no-such-shop'] : ['--from', sinceOf.get(n)!]
  const env = { ...process.env, LOG_LEVEL: 'warn', ...(dir && { ORDO_DATA_DIR: dir }) }
  const started = performance.now()
  const child = spawn(process.execPath, [...flags, 'bin/ordo.js', 'export', '--format', format, ...filter, '--out', '/dev/null'], { env, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = '', peakKiB = 0
  child.stderr.on('data', (d) => { stderr += d })
  const poll = setInterval(() => {
    try { peakKiB = Math.max(peakKiB, Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)?.[1] ?? 0)) } catch { /* exited */ }
  }, 20)
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  clearInterval(poll)
  if (code !== 0) return { orders: 0, seconds: 0, peakMb: 0, failed: stderr.split('\n').find((l) => /heap|memory|error/i.test(l)) ?? `exit ${code}` }
  return { orders: n, seconds: Math.round((performance.now() - started) / 100) / 10, peakMb: mb(peakKiB), failed: '' }
}

/** `heapMb` caps the V8 heap: a streaming export must finish inside a small one. */
function baselineRun(n: number, heapMb?: number): Measured {
  const flags = heapMb ? [`--max-old-space-size=${heapMb}`] : []
  const r = spawnSync(process.execPath, [...flags, new URL(import.meta.url).pathname, '--baseline', String(n), dir ?? ''], { encoding: 'utf8', env: process.env })
  if (r.status !== 0) return { orders: 0, seconds: 0, peakMb: 0, failed: r.stderr.split('\n').find((l) => /heap|memory/i.test(l)) ?? `exit ${r.status}` }
  const [orders, seconds, rss] = r.stdout.trim().split(' ').map(Number)
  return { orders, seconds, peakMb: mb(rss), failed: '' }
}

const floor = await exportRun(0)
const small = await exportRun(Math.floor(total / 10))
const large = await exportRun(total)
const capped = await exportRun(total, 64)
const xmlFloor = await exportRun(0, undefined, 'xml')
const xml = await exportRun(total, undefined, 'xml')
const jsonlFloor = await exportRun(0, undefined, 'jsonl')
const jsonl = await exportRun(total, undefined, 'jsonl')
const baseline = baselineRun(total)
const baselineCapped = baselineRun(total, 64)
const row = (run: string, m: Measured, below = floor) => ({
  run, orders: m.orders, seconds: m.seconds, 'peak RSS MB': m.peakMb, 'above floor MB': m.failed ? '' : m.peakMb - below.peakMb, failed: m.failed,
})
const rows = [
  row('floor: the same command exporting no order', floor),
  row('streaming export (CSV)', small),
  row('streaming export (CSV)', large),
  row('streaming export (CSV), heap capped at 64 MB', capped),
  row('floor (XML): exporting no order', xmlFloor, xmlFloor),
  row('streaming export (XML)', xml, xmlFloor),
  row('floor (JSON Lines): exporting no order', jsonlFloor, jsonlFloor),
  row('streaming export (JSON Lines)', jsonl, jsonlFloor),
  row('baseline: load all, then write', baseline),
  row('baseline, heap capped at 64 MB', baselineCapped),
]
await report('export-memory', `node bench/export-memory.ts ${total}`, rows, {
  database: databaseUrl ? 'PostgreSQL' : 'PGlite',
  'streaming peak, large / small': (large.peakMb / small.peakMb).toFixed(2),
  'streaming / baseline peak': (large.peakMb / baseline.peakMb).toFixed(2),
}, databaseUrl)
if (dir) rmSync(dir, { recursive: true, force: true })
