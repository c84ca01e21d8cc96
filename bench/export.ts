/**
 * Benchmark 5, export: a large order book (default 1,000,000 orders) to CSV with
 * `ordo export` (one row per order line, with the order's deliveries and payments),
 * rows per second and peak RSS, against `psql \copy` of the same join to CSV.
 *   node bench/export.ts [orders, default 1000000]
 */
import { spawn } from 'node:child_process'
import { createWriteStream, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scratchDatabase } from './lib/database.ts'
import { startServerProcess } from '../test/server-process.ts'
import { round } from './lib/load.ts'
import { report } from './lib/report.ts'
import { client, makeWorld } from './lib/world.ts'
import { bulkOrders } from '../src/demo/bulk-orders.ts'

const orders = Number(process.argv[2] ?? 1_000_000)

// The same rows psql writes: each line with its order's columns, deliveries and payments folded in.
const sameJoin = `
  select o.id, o.number, coalesce(o.invoice_number, ''), o.shop_code, o.status, o.payment_status, o.payment_method, o.customer_id,
         o.customer_email, o.customer_name, o.currency, o.subtotal, o.discount, o.shipping, o.tax, o.total, o.captured, o.refunded,
         to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         l.line_no, l.sku, l.name, l.quantity, l.cancelled_quantity, l.unit_price, l.amount, l.tax,
         (select string_agg(concat_ws(':', d.number, d.status, coalesce(d.carrier, ''), coalesce(d.tracking_number, '')), '|' order by d.number) from deliveries d where d.order_id = o.id),
         (select string_agg(concat_ws(':', t.operation, t.amount, t.status), '|' order by t.created_at, t.id) from payment_transactions t where t.order_id = o.id)
  from orders o join order_lines l on l.order_id = o.id
  order by o.created_at desc, o.id desc, l.line_no`.replace(/\s+/g, ' ')

/** Runs a command to completion, timing it and following its peak RSS in /proc. */
async function measure(command: string, args: string[], env: NodeJS.ProcessEnv, out: string): Promise<{ seconds: number; peakMiB: number }> {
  const started = performance.now()
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] })
  const file = createWriteStream(out)
  child.stdout.pipe(file)
  let peakKiB = 0
  const poll = setInterval(() => {
    try {
      const hwm = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)
      if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]))
    } catch { /* it has exited */ }
  }, 50)
  const [code] = await Promise.all([
    new Promise<number | null>((resolve, reject) => { child.on('error', reject); child.on('exit', resolve) }),
    new Promise<void>((resolve) => file.on('close', () => resolve())),
  ])
  clearInterval(poll)
  if (code !== 0) throw new Error(`${command} exited with ${code}`)
  return { seconds: (performance.now() - started) / 1000, peakMiB: round(peakKiB / 1024, 0) }
}

const countLines = (file: string) => readFileSync(file).reduce((n, byte) => (byte === 10 ? n + 1 : n), 0)

const db = await scratchDatabase()
const server = await startServerProcess(db.url)
const ordoOut = join(tmpdir(), `ordo-export-${process.pid}.csv`), psqlOut = join(tmpdir(), `psql-export-${process.pid}.csv`)
try {
  await makeWorld(client(server.url, server.token), { products: 20, stock: 1000, customers: 10 })
  await server.stop()
  await bulkOrders(db.handle.db, orders, (done) => process.stderr.write(`\rseeded ${done} orders`))
  process.stderr.write('\n')

  const ordo = await measure(process.execPath, ['bin/ordo.js', 'export', '--format', 'csv'], { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' }, ordoOut)
  const ordoRows = countLines(ordoOut) - 1
  const psql = await measure('psql', [db.url, '-X', '-q', '-c', `\\copy (${sameJoin}) to stdout csv`], process.env, psqlOut)
  const psqlRows = countLines(psqlOut)
  await report('export', `node bench/export.ts ${orders}`, [{
    orders, 'ordo rows': ordoRows, 'ordo s': round(ordo.seconds), 'ordo rows/s': round(ordoRows / ordo.seconds, 0), 'ordo peak RSS MiB': ordo.peakMiB,
    'ordo MiB written': round(statSync(ordoOut).size / 2 ** 20, 0),
    'psql rows': psqlRows, 'psql s': round(psql.seconds), 'psql rows/s': round(psqlRows / psql.seconds, 0), 'psql peak RSS MiB': psql.peakMiB,
    'ordo / psql (rows/s)': round((ordoRows / ordo.seconds) / (psqlRows / psql.seconds), 3),
  }], {}, db.url)
  if (ordoRows !== psqlRows) { console.error(`row counts differ: ordo ${ordoRows}, psql ${psqlRows}`); process.exitCode = 1 }
} finally {
  await server.stop()
  await db.drop()
  rmSync(ordoOut, { force: true })
  rmSync(psqlOut, { force: true })
}
