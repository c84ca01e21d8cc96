/**
 * Benchmark 2, scarce stock: 64 clients fight over one SKU with 500 units. Throughput of
 * placements (accepted and refused), and the proof: exactly 500 accepted, never oversold.
 * Baseline: the bare conditional reservation in SQL from 64 connections.
 *   node bench/scarce-stock.ts
 */
import { rawPool, scratchDatabase } from './lib/database.ts'
import { startServerProcess } from '../test/server-process.ts'
import { round } from './lib/load.ts'
import { report } from './lib/report.ts'
import { client, makeWorld, orderBody } from './lib/world.ts'

const clients = 64, units = 500
const db = await scratchDatabase()
const server = await startServerProcess(db.url)
try {
  const api = client(server.url, server.token)
  const world = await makeWorld(api, { products: 1, stock: units, customers: 64 })
  const outcome = { accepted: 0, refused: 0, other: 0 }
  let started = performance.now()
  // Each client keeps ordering until it is refused for lack of stock.
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (;;) {
      const res = await api.call('POST', '/orders', orderBody(world, c, 1))
      if (res.status === 201) outcome.accepted++
      else if (res.status === 409 && res.body.code === 'out_of_stock') { outcome.refused++; return }
      else { outcome.other++; return }
    }
  }))
  const ordoSeconds = (performance.now() - started) / 1000
  const stock = (await api.call('GET', `/stock/${world.skus[0]}`)).body

  // The same race, bare: a conditional UPDATE per attempt.
  const pool = rawPool(db.url, clients)
  await pool.query(`insert into products (sku, name, kind, prices, tax_rate_bp) values ('RAW', 'raw', 'physical', '{"CHF":1}', 0)`)
  await pool.query(`insert into stock_levels (warehouse_code, sku, on_hand) values ('main', 'RAW', $1)`, [units])
  let rawAccepted = 0, rawAttempts = 0
  started = performance.now()
  await Promise.all(Array.from({ length: clients }, async () => {
    for (;;) {
      rawAttempts++
      const r = await pool.query(`update stock_levels set reserved = reserved + 1 where sku = 'RAW' and on_hand - reserved >= 1`)
      if (r.rowCount === 0) return
      rawAccepted++
    }
  }))
  const rawSeconds = (performance.now() - started) / 1000
  await pool.end()

  await report('scarce-stock', 'node bench/scarce-stock.ts', [{
    clients, units,
    'ordo accepted': outcome.accepted, 'ordo refused': outcome.refused, 'ordo other': outcome.other,
    'ordo attempts/s': round((outcome.accepted + outcome.refused) / ordoSeconds),
    'stock onHand': stock.onHand, 'stock reserved': stock.reserved, oversold: Math.max(0, stock.reserved - stock.onHand),
    'raw accepted': rawAccepted, 'raw attempts/s': round(rawAttempts / rawSeconds),
    'ordo / raw': round((outcome.accepted + outcome.refused) / ordoSeconds / (rawAttempts / rawSeconds), 3),
  }], {}, db.url)
  if (outcome.accepted !== units || stock.reserved !== units) {
    console.error(`OVERSOLD OR UNDERSOLD: accepted ${outcome.accepted}, reserved ${stock.reserved}, units ${units}`)
    process.exitCode = 1
  }
} finally {
  await server.stop()
  await db.drop()
}
