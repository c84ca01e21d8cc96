/** Opens the database: PGlite in a folder by default, a PostgreSQL server when a URL is given. */
import { mkdirSync } from 'node:fs'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PGliteDialect } from './pglite-dialect.ts'
import { preparingPool } from './prepared-statements.ts'
import type { DB } from './schema.ts'
import { defaultPoolSize } from '../config.ts'

export type Database = Kysely<DB>

export interface DatabaseHandle {
  db: Database
  kind: 'pglite' | 'postgres'
  close(): Promise<void>
}

// Both drivers hand back the same JS types: bigint and numeric as numbers (money is
// in minor units, far below 2^53), dates as 'YYYY-MM-DD' strings, not local-midnight Dates.
const INT8 = 20, NUMERIC = 1700, DATE = 1082
const parsers: Record<number, (value: string) => unknown> = {
  [INT8]: Number,
  [NUMERIC]: Number,
  [DATE]: (value) => value,
}

const pools = new WeakMap<Database, pg.Pool>()
/** The connection pool behind a PostgreSQL database (for metrics); none on PGlite. */
export const poolOf = (db: Database): pg.Pool | undefined => pools.get(db)

export interface OpenOptions {
  databaseUrl?: string
  /** PGlite folder; `undefined` keeps the database in memory (tests). */
  dataDir?: string
  poolSize?: number
  /**
   * A short-lived process that reads (`ordo export`): on PGlite, 1 MB of shared buffers
   * instead of 128 (PGlite touches them all when it opens; a read streamed once gains
   * nothing from a large cache, its pages come from the operating system's). 16 MB kept
   * the export 10-15 MiB higher.
   */
  small?: boolean
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? defaultPoolSize())
  return openPGlite(options.dataDir, options.small)
}

function openPostgres(connectionString: string, max: number): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  })
  // An idle client that loses its server connection must not crash the process.
  pool.on('error', () => {})
  // ORDO_PREPARED_STATEMENTS=0 for a pooler that cannot keep them (PgBouncer before 1.21 in transaction mode).
  const perConnection = process.env.ORDO_PREPARED_STATEMENTS === '0' ? 0 : undefined
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool, perConnection) }) })
  pools.set(db, pool)
  return { db, kind: 'postgres', close: () => db.destroy() }
}

async function openPGlite(dataDir: string | undefined, small = false): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  // Loaded only here: a process on PostgreSQL (`ordo export`, a worker) does not hold PGlite's modules.
  const [{ PGlite }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm')])
  const startParams = small ? [...PGlite.defaultStartParams, '-c', 'shared_buffers=1MB'] : undefined
  const pglite = await PGlite.create(dataDir, { parsers, extensions: { pg_trgm }, startParams })
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) })
  return { db, kind: 'pglite', close: () => db.destroy() }
}
