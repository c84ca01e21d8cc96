/** A scratch PostgreSQL database per benchmark run, migrated to Ordo's schema and dropped afterwards. */
import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { createScratchDatabase } from '../../test/scratch-db.ts'

export const serverUrl = () => process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface ScratchDatabase { url: string; handle: DatabaseHandle; drop(): Promise<void> }

export async function scratchDatabase(): Promise<ScratchDatabase> {
  const scratch = await createScratchDatabase(serverUrl(), 'ordo_bench')
  const handle = await openDatabase({ databaseUrl: scratch.url, poolSize: 70 })
  await migrateToLatest(handle.db)
  return {
    url: scratch.url,
    handle,
    drop: async () => {
      await handle.close()
      await scratch.drop()
    },
  }
}

/** A plain pg pool on the same database, for the raw-SQL baselines. */
export const rawPool = (url: string, max: number) => new pg.Pool({ connectionString: url, max })

/** Runs `work` on a connection of the pool; a baseline step for runLoad. */
export async function onConnection(pool: pg.Pool, work: (conn: pg.PoolClient) => Promise<void>): Promise<boolean> {
  const conn = await pool.connect()
  try { await work(conn) } finally { conn.release() }
  return true
}
