/**
 * What placements wait on: the placement load of `bench/placement.ts` (card, immediate
 * capture, 3 lines) at N clients, while every 20 ms a separate connection samples
 * pg_stat_activity. Each row is a kind of wait (a row lock, the client's next statement, the
 * WAL flush) and the statement it happened in, with how many sessions were in it on average,
 * and the CPU left idle on the machine during the load. A queue on one row shows as many
 * sessions waiting for a Lock in the same statement. Also the CPU each side spends per order:
 * the load's HTTP client (this process), Ordo's server process, and PostgreSQL (all its
 * processes, so the WAL writer and checkpointer too).
 *   node bench/lock-waits.ts [clients, default 32] [seconds, default 10]
 * `ORDO_INVOICES=0` runs it with the shop's invoice numbering off.
 */
import pg from 'pg'
import { scratchDatabase } from './lib/database.ts'
import { cpuTimes, sideTicks } from './lib/cpu.ts'
import { startServerProcess } from '../test/server-process.ts'
import { round, runLoad } from './lib/load.ts'
import { report } from './lib/report.ts'
import { client, makeWorld, orderBody } from './lib/world.ts'

const clients = Number(process.argv[2] ?? 32)
const seconds = Number(process.argv[3] ?? 10)

const db = await scratchDatabase()
const server = await startServerProcess(db.url)
const monitor = new pg.Client({ connectionString: db.url })
await monitor.connect()
try {
  const api = client(server.url, server.token)
  const world = await makeWorld(api, { products: 20, stock: 10_000_000, customers: 200 })
  if (process.env.ORDO_INVOICES === '0') await api.call('PATCH', '/shops/bench', { settings: { invoiceNumbersEnabled: false } })
  const place = async (c: number) => (await api.call('POST', '/orders', orderBody(world, c, 3))).status === 201
  await runLoad(clients, 3, place)

  const waits = new Map<string, number>()
  let samples = 0
  let loading = true
  const sampling = (async () => {
    while (loading) {
      samples++
      const { rows } = await monitor.query<{ state: string; wait: string; statement: string }>(`
        select state, coalesce(wait_event_type || ':' || wait_event, 'running') as wait,
               left(regexp_replace(query, '\\s+', ' ', 'g'), 80) as statement
        from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`)
      for (const r of rows) {
        const key = `${r.state}\u0000${r.wait}\u0000${r.statement}`
        waits.set(key, (waits.get(key) ?? 0) + 1)
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  const cpuBefore = cpuTimes()
  const sidesBefore = sideTicks(server.child.pid!)
  const load = await runLoad(clients, seconds, place)
  const sidesAfter = sideTicks(server.child.pid!)
  const cpuAfter = cpuTimes()
  // Clock ticks are hundredths of a second (USER_HZ 100 on Linux).
  const msPerOrder = (side: keyof typeof sidesAfter) => round(((sidesAfter[side] - sidesBefore[side]) * 10) / load.operations)
  loading = false
  await sampling

  const rows = [...waits].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([key, n]) => {
    const [state, wait, statement] = key.split('\u0000')
    return { sessions: round(n / samples), state, wait, statement }
  })
  await report('lock-waits', `node bench/lock-waits.ts ${clients} ${seconds}`, rows, {
    clients, ordersPerSecond: load.perSecond, failed: load.failures, samples,
    idleCpu: round((cpuAfter.idle - cpuBefore.idle) / (cpuAfter.total - cpuBefore.total)),
    invoices: process.env.ORDO_INVOICES !== '0',
    cpuMsPerOrder: { loadClient: msPerOrder('client'), server: msPerOrder('server'), postgres: msPerOrder('postgres') },
  }, db.url)
} finally {
  await monitor.end()
  await server.stop()
  await db.drop()
}
