/**
 * Operations (A33): liveness and readiness, Prometheus metrics and who may read them,
 * and a backup that restores the same database.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { openDatabase, type Database } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { createTestGateway } from '../src/payments/test-gateway.ts'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createWorld, expectProblem, must, placeOrder } from './fixtures.ts'
import { createScratchDatabase } from './scratch-db.ts'

const run = promisify(execFile)
const root = new URL('..', import.meta.url).pathname

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() }, 180_000)
afterAll(async () => { await ordo?.close() })

describe('health', () => {
  it('/health answers while the database does; /health/ready also checks the migrations', async () => {
    expect(must(await ordo.raw('GET', '/health'), 200)).toEqual({ status: 'ok' })
    expect(must(await ordo.raw('GET', '/health/ready'), 200)).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } })
  })

  it('/health/ready is 503 while a migration is pending', async () => {
    const name = '0012_operations'
    await sql`update kysely_migration set name = ${`${name}-x`} where name = ${name}`.execute(ordo.db)
    try {
      const res = await ordo.raw('GET', '/health/ready')
      expect(res.status).toBe(503)
      expect(res.body).toEqual({ status: 'not_ready', checks: { database: 'ok', migrations: '1 pending' } })
    } finally {
      await sql`update kysely_migration set name = ${name} where name = ${`${name}-x`}`.execute(ordo.db)
    }
  })
})

describe('metrics', () => {
  it('need a token with system.read: none is 401, a read-only role 403', async () => {
    expectProblem(await ordo.raw('GET', '/metrics'), 401, 'unauthorized')
    expectProblem(await ordo.raw('GET', '/metrics', undefined, { authorization: 'Bearer nonsense-token-123' }), 401, 'unauthorized')
    const readOnly = must(await ordo.api('POST', '/tokens', { name: 'reader', role: 'read_only' }), 201)
    expectProblem(await ordo.raw('GET', '/metrics', undefined, { authorization: `Bearer ${readOnly.token}` }), 403, 'forbidden')
  })

  it('count placements, payments by result, HTTP latency by route, the job queue and the pool', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
    await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok'))
    await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'bank_transfer' })
    const declined = await ordo.api('POST', '/orders', {
      shop: world.shop.code, customer: { id: world.customer.id },
      billingAddress: { name: 'A', street: 'B 1', postalCode: '8001', city: 'Zürich', country: 'CH' },
      lines: [{ sku: world.product.sku, quantity: 1 }], payment: card('test_decline'),
    })
    expect(declined.status).toBe(402)
    // A job that has waited five minutes (no worker runs in this test).
    await sql`insert into jobs (kind, run_at) values ('metrics.probe', now() - interval '300 seconds')`.execute(ordo.db)
    const res = await ordo.raw('GET', '/metrics', undefined, { authorization: `Bearer ${ordo.adminToken}` })
    await sql`delete from jobs where kind = 'metrics.probe'`.execute(ordo.db)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain')
    const text = res.body as string
    const value = (series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ')[1] ?? NaN)
    expect(value(`ordo_orders_placed_total{shop="${world.shop.code}",result="placed"}`)).toBe(2)
    expect(value(`ordo_orders_placed_total{shop="${world.shop.code}",result="payment_failed"}`)).toBe(1)
    expect(value('ordo_payment_operations_total{operation="AUTH_CAPTURE",result="succeeded"}')).toBeGreaterThanOrEqual(1)
    expect(value('ordo_payment_operations_total{operation="AUTH_CAPTURE",result="declined"}')).toBeGreaterThanOrEqual(1)
    expect(text).toMatch(/ordo_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/orders",status="201"\} \d+/)
    // The route pattern, never the URL with an id in it.
    expect(text).not.toMatch(/route="\/api\/v1\/orders\/[0-9a-f]{8}/)
    expect(value('ordo_jobs_queued{kind="metrics.probe"}')).toBe(1)
    expect(value('ordo_jobs_oldest_age_seconds{kind="metrics.probe"}')).toBeGreaterThanOrEqual(300)
    expect(text).toContain('ordo_payments_pending 0')
    expect(value('ordo_db_pool_max')).toBe(ordo.kind === 'postgres' ? 20 : 1)
    expect(text).toContain('ordo_process_cpu_seconds_total')
  })

  it('ORDO_METRICS_TOKEN opens /metrics and nothing else', async () => {
    const metricsToken = 'monitoring-secret-0123456789'
    const config = loadConfig({ ORDO_METRICS_TOKEN: metricsToken, ORDO_DEMO: '0', LOG_LEVEL: 'silent' })
    // A second app on the suite's database, configured with the monitoring token.
    const app = await buildApp({ db: ordo.db, config, gateway: createTestGateway() })
    try {
      const headers = { authorization: `Bearer ${metricsToken}` }
      expect((await app.inject({ url: '/metrics', headers })).statusCode).toBe(200)
      expect((await app.inject({ url: '/api/v1/orders', headers })).statusCode).toBe(401)
    } finally {
      await app.close()
    }
  })
})

describe('system status (the admin UI\'s System page)', () => {
  it('shows readiness, the queue, pending payments and the pool to system.read only', async () => {
    await sql`insert into jobs (kind, run_at) values ('status.probe', now() - interval '90 seconds')`.execute(ordo.db)
    try {
      const status = must(await ordo.api('GET', '/system/status'), 200)
      expect(status).toMatchObject({ ready: true, database: ordo.kind, pendingMigrations: [], paymentsPending: 0 })
      expect(status.jobs).toContainEqual({ kind: 'status.probe', queued: 1, running: 0, oldestWaitSeconds: expect.any(Number) })
      expect(status.jobs.find((j: any) => j.kind === 'status.probe').oldestWaitSeconds).toBeGreaterThanOrEqual(90)
      expect(status.pool.max).toBe(ordo.kind === 'postgres' ? 20 : 1)
    } finally {
      await sql`delete from jobs where kind = 'status.probe'`.execute(ordo.db)
    }
    const readOnly = must(await ordo.api('POST', '/tokens', { name: 'status-reader', role: 'read_only' }), 201)
    expectProblem(await ordo.api('GET', '/system/status', undefined, { authorization: `Bearer ${readOnly.token}` }), 403, 'forbidden')
  })
})

/** What a restore must bring back: every row of the tables that hold the business. */
async function fingerprint(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const table of ['shops', 'products', 'stock_levels', 'customers', 'orders', 'order_lines', 'deliveries', 'payment_transactions', 'order_history', 'kysely_migration']) {
    const { rows } = await sql<{ n: number; digest: string }>`
      select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${sql.table(table)} t`.execute(db)
    out[table] = `${rows[0].n}:${rows[0].digest}`
  }
  return out
}

/** Fills a database with shops, stock and orders through the API, then closes it. */
async function fill(target: { databaseUrl?: string; dataDir?: string }): Promise<Record<string, string>> {
  const handle = await openDatabase(target)
  try {
    await migrateToLatest(handle.db)
    const config = loadConfig({ ORDO_ADMIN_TOKEN: 'backup-test-admin-token', ORDO_DEMO: '0', LOG_LEVEL: 'silent' })
    const app = await buildApp({ db: handle.db, config, gateway: createTestGateway() })
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${address}/api/v1${path}`, {
        method, body: body === undefined ? undefined : JSON.stringify(body),
        headers: { authorization: 'Bearer backup-test-admin-token', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      })
      return { status: res.status, body: await res.json() as any, headers: res.headers, contentType: '' }
    }
    const world = await createWorld(api, { stock: 20, price: 2500 })
    for (let i = 0; i < 5; i++) await placeOrder(api, world, [{ sku: world.product.sku, quantity: 1 + (i % 2) }], i % 2 ? card('test_ok') : { method: 'bank_transfer' })
    await app.close()
    const print = await fingerprint(handle.db)
    expect(print.orders.startsWith('5:')).toBe(true)
    return print
  } finally {
    await handle.close()
  }
}

async function fingerprintOf(target: { databaseUrl?: string; dataDir?: string }) {
  const handle = await openDatabase(target)
  try {
    return await fingerprint(handle.db)
  } finally {
    await handle.close()
  }
}

const ordoCli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['bin/ordo.js', ...args], { cwd: root, env: { ...process.env, ORDO_DEMO: '0', LOG_LEVEL: 'warn', DATABASE_URL: '', ...env } })

describe('ordo backup and ordo restore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ordo-backup-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const serverUrl = process.env.TEST_DATABASE_URL?.trim()

  it.runIf(!serverUrl)('round-trip the embedded database, keeping the folder it replaced', async () => {
    const source = join(dir, 'source'), target = join(dir, 'target'), file = join(dir, 'ordo.backup')
    const before = await fill({ dataDir: source })
    await ordoCli(['backup', '--out', file], { ORDO_DATA_DIR: source })
    // The target folder is in use: it is replaced, and kept aside.
    mkdirSync(target)
    writeFileSync(join(target, 'PG_VERSION'), 'an older database\n')
    const { stderr } = await ordoCli(['restore', file], { ORDO_DATA_DIR: target })
    expect(stderr).toMatch(/kept in .*target\.before-restore-/)
    const kept = readdirSync(dir).find((f) => f.startsWith('target.before-restore-'))!
    expect(existsSync(join(dir, kept, 'PG_VERSION'))).toBe(true)
    expect(await fingerprintOf({ dataDir: target })).toEqual(before)
    // A PGlite backup is not restored into PostgreSQL.
    await expect(ordoCli(['restore', file], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toThrow(/embedded database, not of PostgreSQL/)
  }, 360_000)

  it.runIf(!!serverUrl)('round-trip a PostgreSQL database with pg_dump and pg_restore', async () => {
    const source = await createScratchDatabase(serverUrl!, 'ordo_bk')
    const target = await createScratchDatabase(serverUrl!, 'ordo_bk')
    try {
      const file = join(dir, 'ordo.dump')
      const before = await fill({ databaseUrl: source.url })
      await ordoCli(['backup', '--out', file], { DATABASE_URL: source.url })
      // Into a database that has the schema and other orders: they are replaced.
      await fill({ databaseUrl: target.url })
      await ordoCli(['restore', file], { DATABASE_URL: target.url })
      expect(await fingerprintOf({ databaseUrl: target.url })).toEqual(before)
    } finally {
      await source.drop()
      await target.drop()
    }
  }, 180_000)
})
