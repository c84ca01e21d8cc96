/**
 * Benchmark: captures at shipment with a slow gateway (A33). Full flows (place with the card
 * authorised, pack, ready, ship with capture, deliver) from 32 clients, with the test gateway
 * answering at once and after 300 ms: Ordo as it is (the capture asked outside the ship's
 * transaction) against a checkout from before that (BEFORE_DIR, the capture asked inside the
 * transaction, with the order's row and its articles' stock rows locked).
 *   BEFORE_DIR=/path/to/checkout node bench/ship-capture.ts [seconds, default 15]
 */
import { serverUrl } from './lib/database.ts'
import { createScratchDatabase } from '../test/scratch-db.ts'
import { startServerProcess } from '../test/server-process.ts'
import { runLoad, round } from './lib/load.ts'
import { report } from './lib/report.ts'
import { client, makeWorld } from './lib/world.ts'
import { fullFlow } from './lib/flow.ts'

const seconds = Number(process.argv[2] ?? 15)
// Without BEFORE_DIR only Ordo as it is runs.
const before = process.env.BEFORE_DIR
const codes: [string, string | undefined][] = [
  ...(before ? [['capture in the transaction (before)', before] as [string, string]] : []),
  ['capture outside (now)', undefined],
]

const rows: Record<string, unknown>[] = []
const databases: { url: string; drop(): Promise<void> }[] = []
try {
  for (const [code, cwd] of codes) {
    for (const latency of [0, 300]) {
      // An empty database: each checkout's server brings it to its own schema.
      const db = await createScratchDatabase(serverUrl(), 'ordo_bench')
      databases.push(db)
      const server = await startServerProcess(db.url, { ORDO_TEST_GATEWAY_LATENCY_MS: String(latency) }, { cwd })
      try {
        const api = client(server.url, server.token)
        const world = await makeWorld(api, { products: 20, stock: 10_000_000, customers: 100 })
        const r = await runLoad(32, seconds, (c) => fullFlow(api, world, c))
        rows.push({ code, 'gateway ms': latency, 'flows/s (32)': r.perSecond, 'p50 ms': r.p50ms, 'p99 ms': r.p99ms, failed: r.failures })
        console.error(JSON.stringify(rows.at(-1)))
      } finally {
        await server.stop()
      }
    }
  }
  for (const code of new Set(rows.map((r) => r.code))) {
    const [fast, slow] = [0, 300].map((ms) => rows.find((r) => r.code === code && r['gateway ms'] === ms)!)
    for (const r of [fast, slow]) r['300 ms / 0 ms'] = round(Number(slow['flows/s (32)']) / Number(fast['flows/s (32)']))
  }
  await report('ship-capture', `BEFORE_DIR=… node bench/ship-capture.ts ${seconds}`, rows, {}, databases.at(-1)?.url)
} finally {
  for (const db of databases) await db.drop()
}
