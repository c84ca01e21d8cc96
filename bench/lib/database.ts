/** A scratch PostgreSQL database per benchmark run, migrated to Ordo's schema and dropped afterwards. */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'

export const serverUrl = () => process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface ScratchDatabase { url: string; handle: DatabaseHandle; drop(): Promise<void> }

export async function scratchDatabase(prefix = 'ordo_bench'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`
  await onServer(`create database ${name}`)
  const url = new URL(serverUrl())
  url.pathname = `/${name}`
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 70 })
  await migrateToLatest(handle.db)
  return {
    url: url.toString(),
    handle,
    drop: async () => {
      await handle.close()
      await onServer(`drop database if exists ${name} with (force)`)
    },
  }
}

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() })
  await client.connect()
  try { await client.query(statement) } finally { await client.end() }
}

/** A plain pg pool on the same database, for the raw-SQL baselines. */
export const rawPool = (url: string, max: number) => new pg.Pool({ connectionString: url, max })
