/**
 * `ordo export` against a read replica (README, scaling out): nothing may be written there,
 * so the command does not migrate, and its COPY (filters written in as literals) exports the
 * same rows as on the primary. A database whose transactions are read-only by
 * default stands in for the replica. PostgreSQL only: PGlite has no replicas.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createWorld, placeOrder } from './fixtures.ts'

const run = promisify(execFile)
const onPostgres = Boolean(process.env.TEST_DATABASE_URL?.trim())

let ordo: Ordo
beforeAll(async () => { if (onPostgres) ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

/** `ordo export` as an operator runs it, in its own process. */
async function exportTo(file: string, args: string[] = []) {
  return run(process.execPath, ['bin/ordo.js', 'export', '--format', 'csv', '--out', file, ...args], {
    cwd: new URL('..', import.meta.url).pathname,
    env: { ...process.env, DATABASE_URL: ordo.databaseUrl, LOG_LEVEL: 'warn', ORDO_DEMO: '0' },
  })
}

describe.runIf(onPostgres)('ordo export on a read replica', () => {
  it('exports what the primary exports, writing nothing', async () => {
    const world = await createWorld(ordo.api, { stock: 50 })
    for (let i = 0; i < 5; i++) await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 + i }], i % 2 ? card() : { method: 'invoice' })
    const dir = mkdtempSync(join(tmpdir(), 'ordo-replica-'))
    await exportTo(join(dir, 'primary.csv'), ['--shop', world.shop.code])
    // Without a filter the primary's COPY reads the orders themselves, with no temporary table.
    await exportTo(join(dir, 'primary-all.csv'))

    const name = new URL(ordo.databaseUrl!).pathname.slice(1)
    await sql`alter database ${sql.id(name)} set default_transaction_read_only = on`.execute(ordo.db)
    try {
      await exportTo(join(dir, 'replica.csv'), ['--shop', world.shop.code])
      await exportTo(join(dir, 'replica-all.csv'))
    } finally {
      await sql`alter database ${sql.id(name)} reset default_transaction_read_only`.execute(ordo.db)
    }
    const primary = readFileSync(join(dir, 'primary.csv'), 'utf8')
    expect(primary.split('\n').filter(Boolean)).toHaveLength(1 + 5)
    expect(readFileSync(join(dir, 'replica.csv'), 'utf8')).toBe(primary)
    const all = readFileSync(join(dir, 'primary-all.csv'), 'utf8')
    expect(all).toContain(primary.slice(primary.indexOf('\n') + 1))
    expect(readFileSync(join(dir, 'replica-all.csv'), 'utf8')).toBe(all)
  })
})
