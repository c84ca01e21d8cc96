/**
 * Benchmark: a slow payment gateway (A33). Scarce stock (64 clients, one SKU with 500
 * units, until refused or the time is up) and placement (32 clients, card, 3 lines) with
 * the test gateway answering at once and after 300 ms, with the gateway asked inside the
 * placement transaction (ORDO_TWO_PHASE_PAYMENTS=0, as before) and in two phases.
 *   node bench/gateway-latency.ts [placement seconds, default 10] [scarce-stock limit seconds, default 30]
 */
import { scratchDatabase } from './lib/database.ts'
import { startServerProcess } from '../test/server-process.ts'
import { runLoad, round } from './lib/load.ts'
import { report } from './lib/report.ts'
import { client, makeWorld, orderBody } from './lib/world.ts'

const placementSeconds = Number(process.argv[2] ?? 10)
const scarceLimitSeconds = Number(process.argv[3] ?? 30)
const units = 500

const db = await scratchDatabase()
const rows: Record<string, unknown>[] = []
try {
  for (const mode of ['in transaction', 'two-phase'] as const) {
    for (const latency of [0, 300]) {
      const server = await startServerProcess(db.url, {
        ORDO_TEST_GATEWAY_LATENCY_MS: String(latency), ORDO_TWO_PHASE_PAYMENTS: mode === 'two-phase' ? '1' : '0',
      })
      try {
        const api = client(server.url, server.token)
        // Scarce stock: every client orders one unit until refused (or the time is up).
        const scarce = await makeWorld(api, { products: 1, stock: units, customers: 64 })
        const outcome = { accepted: 0, refused: 0, other: 0 }
        const started = performance.now()
        const deadline = started + scarceLimitSeconds * 1000
        await Promise.all(Array.from({ length: 64 }, async (_, c) => {
          while (performance.now() < deadline) {
            const res = await api.call('POST', '/orders', orderBody(scarce, c, 1))
            if (res.status === 201) outcome.accepted++
            else if (res.status === 409 && res.body.code === 'out_of_stock') { outcome.refused++; return }
            else { outcome.other++; return }
          }
        }))
        const scarceSeconds = (performance.now() - started) / 1000
        const stock = (await api.call('GET', `/stock/${scarce.skus[0]}`)).body

        const world = await makeWorld(api, { products: 20, stock: 10_000_000, customers: 200 })
        const placement = await runLoad(32, placementSeconds, async (c) => (await api.call('POST', '/orders', orderBody(world, c, 3))).status === 201)
        rows.push({
          payment: mode, 'gateway ms': latency,
          'scarce sold': outcome.accepted, 'scarce s': round(scarceSeconds, 1), 'scarce orders/s': round(outcome.accepted / scarceSeconds),
          'scarce other': outcome.other, oversold: Math.max(0, stock.reserved - stock.onHand),
          'placement orders/s (32)': placement.perSecond, 'placement p50 ms': placement.p50ms, 'placement p99 ms': placement.p99ms,
          'placement failed': placement.failures,
        })
        console.error(JSON.stringify(rows.at(-1)))
      } finally {
        await server.stop()
      }
    }
  }
  for (const mode of ['in transaction', 'two-phase']) {
    const fast = rows.find((r) => r.payment === mode && r['gateway ms'] === 0)!
    const slow = rows.find((r) => r.payment === mode && r['gateway ms'] === 300)!
    slow['placement 300 / 0 ms'] = round(Number(slow['placement orders/s (32)']) / Number(fast['placement orders/s (32)']))
  }
  await report('gateway-latency', `node bench/gateway-latency.ts ${placementSeconds} ${scarceLimitSeconds}`, rows, {}, db.url)
} finally {
  await db.drop()
}
