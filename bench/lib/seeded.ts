/**
 * A scratch database with the bench world and `orders` bulk orders. Seeding a million
 * orders takes minutes, so the search and analytics benchmarks can share one:
 * BENCH_KEEP=1 keeps the database after the run (its URL is printed), and
 * BENCH_REUSE=<that URL> runs on it instead of seeding again (and drops it afterwards).
 */
import { openDatabase } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { bulkOrders } from '../../src/demo/bulk-orders.ts'
import { startServerProcess } from '../../test/server-process.ts'
import { scratchDatabase, serverUrl, type ScratchDatabase } from './database.ts'
import { client, makeWorld } from './world.ts'
import { round } from './load.ts'
import pg from 'pg'

export async function seededDatabase(orders: number) {
  const reuse = process.env.BENCH_REUSE
  const db: ScratchDatabase = reuse ? await existing(reuse) : await scratchDatabase()
  const server = await startServerProcess(db.url)
  const api = client(server.url, server.token)
  let seedSeconds = 0
  if (!reuse) {
    await makeWorld(api, { products: 20, stock: 1000, customers: 10 })
    const seeding = performance.now()
    await bulkOrders(db.handle.db, orders, (done) => process.stderr.write(`\rseeded ${done} orders`))
    seedSeconds = round((performance.now() - seeding) / 1000)
    process.stderr.write('\n')
  }
  return {
    db, server, api, seedSeconds,
    async close() {
      await server.stop()
      if (process.env.BENCH_KEEP) {
        await db.handle.close()
        process.stderr.write(`kept ${db.url}\n`)
      } else await db.drop()
    },
  }
}

async function existing(url: string): Promise<ScratchDatabase> {
  const handle = await openDatabase({ databaseUrl: url, poolSize: 70 })
  await migrateToLatest(handle.db)
  const name = new URL(url).pathname.slice(1)
  return {
    url, handle,
    drop: async () => {
      await handle.close()
      const admin = new pg.Client({ connectionString: serverUrl() })
      await admin.connect()
      try { await admin.query(`drop database if exists "${name.replace(/"/g, '')}" with (force)`) } finally { await admin.end() }
    },
  }
}
