/**
 * Benchmark: a slow payment gateway (A33). Scarce stock (64 clients, one SKU with 500
 * units, until refused or the time is up) and placement (32 clients, card, 3 lines) with
 * the test gateway answering at once and after 300 ms; the gateway asked inside the
 * placement transaction (ORDO_TWO_PHASE_PAYMENTS=0, as Ordo did before) and in two phases.
 * 32 clients that each wait 300 ms place at most 107 orders a second however fast the
 * server is; two-phase placement also runs at 128 clients, whose bound (427) is above what
 * the server makes, so its 300 ms / 0 ms ratio shows the gateway's cost and not the bound.
 * Two-phase placement also runs with `Prefer: respond-async` (answered 202 once the order is
 * written, the gateway's answer recorded after): counted are the orders paid, over the run
 * and the time their last answers took to be recorded after it.
 *   node bench/gateway-latency.ts [placement seconds, default 10] [scarce-stock limit seconds, default 30]
 */
import { scratchDatabase, type ScratchDatabase } from './lib/database.ts'
import type { Database } from '../src/db/database.ts'
import { startServerProcess } from '../test/server-process.ts'
import { runLoad, round } from './lib/load.ts'
import { report } from './lib/report.ts'
import { client, makeWorld, orderBody } from './lib/world.ts'

const placementSeconds = Number(process.argv[2] ?? 10)
const scarceLimitSeconds = Number(process.argv[3] ?? 30)
const units = 500

const rows: Record<string, unknown>[] = []
const databases: ScratchDatabase[] = []
try {
  for (const mode of ['in transaction', 'two-phase'] as const) {
    for (const latency of [0, 300]) {
      // A database per run: the world's codes are fixed.
      const db = await scratchDatabase()
      databases.push(db)
      const server = await startServerProcess(db.url, {
        ORDO_TEST_GATEWAY_LATENCY_MS: String(latency), ORDO_TWO_PHASE_PAYMENTS: mode === 'two-phase' ? '1' : '0',
      })
      try {
        const api = client(server.url, server.token)
        const world = await makeWorld(api, { products: 3, stock: 10_000_000, customers: 200 })
        // Scarce stock: one more article with 500 units; every client orders one until refused (or the time is up).
        await api.call('POST', '/products', { sku: 'SCARCE', name: 'Scarce article', kind: 'physical', prices: { CHF: 1000 }, taxRate: 8.1 })
        await api.call('PUT', '/warehouses/main/stock/SCARCE', { onHand: units })
        const scarce = { ...world, skus: ['SCARCE'] }
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
        const stock = (await api.call('GET', '/stock/SCARCE')).body

        // Placement: 32 clients, 3 lines each (the same three articles, as in bench/placement.ts).
        const place = async (c: number) => (await api.call('POST', '/orders', orderBody(world, c, 3))).status === 201
        const placement = await runLoad(32, placementSeconds, place)
        // Right after the 32 clients above, as close to their conditions as a run can be.
        const later = mode === 'two-phase' ? await placeAsync(api, world, db.handle.db) : undefined
        const many = mode === 'two-phase' ? await runLoad(128, placementSeconds, place) : undefined
        rows.push({
          payment: mode, 'gateway ms': latency,
          'scarce sold': outcome.accepted, 'scarce s': round(scarceSeconds, 1), 'scarce orders/s': round(outcome.accepted / scarceSeconds),
          'scarce other': outcome.other, oversold: Math.max(0, stock.reserved - stock.onHand),
          'placement orders/s (32)': placement.perSecond, 'placement p50 ms': placement.p50ms, 'placement p99 ms': placement.p99ms,
          'placement failed': placement.failures,
          ...(many && { 'placement orders/s (128)': many.perSecond, 'placement (128) p50 ms': many.p50ms, 'placement (128) failed': many.failures }),
          ...(later && {
            'respond-async answered/s (32)': later.answered, 'respond-async p50 ms': later.p50ms, 'respond-async paid': later.paid,
            'respond-async other': later.other, 'respond-async recorded after s': later.drainSeconds, 'respond-async paid/s (32)': later.paidPerSecond,
          }),
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
    for (const r of [fast, slow]) {
      r['placement 300 ms / 0 ms'] = round(Number(slow['placement orders/s (32)']) / Number(fast['placement orders/s (32)']))
      if (fast['placement orders/s (128)']) r['placement (128) 300 ms / 0 ms'] = round(Number(slow['placement orders/s (128)']) / Number(fast['placement orders/s (128)']))
      // Against the synchronous placement at 0 ms, the figure the target compares with.
      if (fast['respond-async paid/s (32)']) r['respond-async paid/s / placement 0 ms'] = round(Number(r['respond-async paid/s (32)']) / Number(fast['placement orders/s (32)']))
    }
  }
  await report('gateway-latency', `node bench/gateway-latency.ts ${placementSeconds} ${scarceLimitSeconds}`, rows, {}, databases.at(-1)?.url)
} finally {
  for (const db of databases) await db.drop()
}

/**
 * 32 clients placing with `Prefer: respond-async` for the run's seconds; then the time until
 * no order of the run awaits its payment. Paid per second: the orders paid over both.
 */
async function placeAsync(api: ReturnType<typeof client>, world: Awaited<ReturnType<typeof makeWorld>>, db: Database) {
  const ids: string[] = []
  let other = 0
  const started = performance.now()
  const load = await runLoad(32, placementSeconds, async (c) => {
    const res = await api.call('POST', '/orders', orderBody(world, c, 3), { prefer: 'respond-async' })
    if (res.status === 202) ids.push(res.body.id)
    else other++
    return res.status === 202
  })
  const ran = performance.now()
  const waiting = async () => Number((await db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n'))
    .where('id', 'in', ids).where('status', '=', 'awaiting_payment').executeTakeFirstOrThrow()).n)
  while (ids.length > 0 && await waiting() > 0) await new Promise((ok) => setTimeout(ok, 20))
  const seconds = (performance.now() - started) / 1000
  const paid = ids.length === 0 ? 0 : Number((await db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n'))
    .where('id', 'in', ids).where('payment_status', '=', 'paid').executeTakeFirstOrThrow()).n)
  return {
    answered: load.perSecond, p50ms: load.p50ms, paid, other,
    drainSeconds: round((performance.now() - ran) / 1000), paidPerSecond: round(paid / seconds),
  }
}
