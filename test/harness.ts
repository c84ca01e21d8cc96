/**
 * The integration harness: a fresh database per suite and the real app over real HTTP.
 *
 * By default the database is an in-memory PGlite. With TEST_DATABASE_URL set
 * (postgres://postgres@127.0.0.1:5432/postgres) a new database `ordo_t_<random>` is
 * created on that server for the suite, and dropped again on close.
 *
 *   const ordo = await startOrdo()
 *   const res = await ordo.api('POST', '/shops', { code: 'CH', ... })
 *   await ordo.close()
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { buildApp, type App } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { openDatabase, type Database } from '../src/db/database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { createTestGateway } from '../src/payments/test-gateway.ts'
import { createScratchDatabase } from './scratch-db.ts'
import type { PaymentGateway } from '../src/payments/gateway.ts'

export interface ApiResponse<T = any> {
  status: number
  body: T
  headers: Headers
  /** The response's media type without parameters, e.g. `application/problem+json`. */
  contentType: string
}

/** Header values of `null` remove a default header (e.g. `{ authorization: null }`). */
export type ApiHeaders = Record<string, string | null>

export type Api = <T = any>(method: string, path: string, body?: unknown, headers?: ApiHeaders) => Promise<ApiResponse<T>>

export interface Ordo {
  /** The server's base URL, e.g. http://127.0.0.1:41234 */
  url: string
  /** Calls `/api/v1<path>` with the admin token. A string body is sent as is (for malformed JSON). */
  api: Api
  /** Calls any path (e.g. `/health`) without the `/api/v1` prefix and without a token. */
  raw: Api
  /** Direct database access: for counting rows and, sparingly, for simulating the passing of time. */
  db: Database
  kind: 'pglite' | 'postgres'
  /** On PostgreSQL, the suite's own database (for a command run against it); undefined on PGlite. */
  databaseUrl?: string
  adminToken: string
  close(): Promise<void>
}

const random = (bytes = 6) => randomBytes(bytes).toString('hex')

export async function startOrdo(options: { gateway?: PaymentGateway; poolSize?: number } = {}): Promise<Ordo> {
  const adminToken = `test-admin-${random(12)}`
  const serverUrl = process.env.TEST_DATABASE_URL?.trim() || undefined
  const scratch = serverUrl ? await createScratchDatabase(serverUrl) : undefined

  const handle = await openDatabase({ databaseUrl: scratch?.url, poolSize: options.poolSize ?? 20 })
  let app: App | undefined
  try {
    await migrateToLatest(handle.db)
    const config = loadConfig({ ORDO_ADMIN_TOKEN: adminToken, ORDO_DEMO: '0', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' })
    app = await buildApp({ db: handle.db, config, gateway: options.gateway ?? createTestGateway() }, { logger: process.env.ORDO_TEST_LOG ? { level: 'error' } : false })
    await app.listen({ port: 0, host: '127.0.0.1' })
  } catch (error) {
    await app?.close().catch(() => {})
    await handle.close().catch(() => {})
    await scratch?.drop().catch(() => {})
    throw error
  }
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('The app is not listening on a TCP port')
  const url = `http://127.0.0.1:${address.port}`

  const raw = makeClient(url, '', {})
  const api = makeClient(url, '/api/v1', { authorization: `Bearer ${adminToken}` })
  let closed = false
  return {
    url, api, raw, db: handle.db, kind: handle.kind, databaseUrl: scratch?.url, adminToken,
    async close() {
      if (closed) return
      closed = true
      await app!.close()
      await handle.close()
      await scratch?.drop()
    },
  }
}

function makeClient(base: string, prefix: string, defaults: Record<string, string>): Api {
  return async (method, path, body, headers = {}) => {
    const merged: Record<string, string> = { ...defaults }
    if (body !== undefined) merged['content-type'] = 'application/json'
    for (const [name, value] of Object.entries(headers)) {
      if (value === null) delete merged[name.toLowerCase()]
      else merged[name.toLowerCase()] = value
    }
    const res = await fetch(`${base}${prefix}${path}`, {
      method,
      headers: merged,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const contentType = (res.headers.get('content-type') ?? '').split(';')[0].trim()
    const text = await res.text()
    let parsed: unknown = text
    if (contentType.endsWith('json') && text !== '') {
      try { parsed = JSON.parse(text) } catch { parsed = text }
    }
    return { status: res.status, body: parsed as any, headers: res.headers, contentType }
  }
}

/** Counts the rows of each table that a request could change: compare before and after. */
export async function snapshotCounts(db: Database): Promise<Record<string, number>> {
  const tables = ['orders', 'order_lines', 'deliveries', 'payment_transactions', 'order_history', 'events',
    'customers', 'idempotency_keys', 'shops', 'products', 'warehouses'] as const
  const counts: Record<string, number> = {}
  for (const table of tables) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)
    counts[table] = Number(rows[0].n)
  }
  const { rows } = await sql<{ on_hand: number; reserved: number }>`
    select coalesce(sum(on_hand), 0)::int as on_hand, coalesce(sum(reserved), 0)::int as reserved from stock_levels`.execute(db)
  counts.stockOnHand = Number(rows[0].on_hand)
  counts.stockReserved = Number(rows[0].reserved)
  return counts
}
