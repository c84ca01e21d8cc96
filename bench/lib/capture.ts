/** Captures the SQL a piece of Ordo code runs, so the baseline can run exactly that SQL, bare. */
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely'
import pg from 'pg'
import type { DB } from '../../src/db/schema.ts'

export function capturingDatabase(url: string) {
  const queries: CompiledQuery[] = []
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => { if (event.level === 'query') queries.push(event.query) },
  })
  return { db, queries, close: () => db.destroy() }
}
