/**
 * On PostgreSQL each query with parameters goes as a named prepared statement, so the server
 * parses it once per connection; a connection prepares at most 256 texts, and runs the rest
 * unnamed, so texts that vary cannot fill the server's memory. PostgreSQL only.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'

const onPostgres = Boolean(process.env.TEST_DATABASE_URL?.trim())

let ordo: Ordo
beforeAll(async () => { if (onPostgres) ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

describe.runIf(onPostgres)('prepared statements', () => {
  it('prepares a query once on its connection, and at most 256 texts per connection', async () => {
    // One transaction: one connection, whose own prepared statements pg_prepared_statements lists.
    await ordo.db.transaction().execute(async (trx) => {
      const prepared = async () => Number((await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where name like 'ordo_%'`.execute(trx)).rows[0].n)
      const start = await prepared()
      for (let i = 0; i < 3; i++) expect((await sql<{ v: number }>`select ${i}::int + 1 as v`.execute(trx)).rows[0].v).toBe(i + 1)
      // The same text three times: one statement more (the count has no parameters: sent as it is).
      expect(await prepared()).toBe(start + 1)
      for (let i = 0; i < 300; i++) {
        expect((await sql<{ v: number }>`select ${i}::int + ${sql.raw(String(i))} as v`.execute(trx)).rows[0].v).toBe(2 * i)
      }
      expect(await prepared()).toBe(256)
    })
  })
})
