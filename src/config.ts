/** Environment -> typed, validated configuration. Read once at start-up. */
import { resolve } from 'node:path'
import { availableParallelism } from 'node:os'

export interface Config {
  port: number
  host: string
  /** PostgreSQL server; when absent Ordo runs on the embedded PGlite database. */
  databaseUrl: string | undefined
  dataDir: string
  /** Load demo data into an empty database on start. */
  demo: boolean
  adminToken: string | undefined
  logLevel: string
  /** How often `serve` runs the allocation job, in milliseconds. */
  allocationIntervalMs: number
  /** A bearer token that may read /metrics and nothing else (for Prometheus). */
  metricsToken: string | undefined
  /** Connections to PostgreSQL this process opens at most. */
  poolSize: number
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`)
  const adminToken = env.ORDO_ADMIN_TOKEN?.trim() || undefined
  if (adminToken && adminToken.length < 16) throw new Error('ORDO_ADMIN_TOKEN must be at least 16 characters long')
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    dataDir: resolve(env.ORDO_DATA_DIR ?? './data'),
    demo: env.ORDO_DEMO !== '0',
    adminToken,
    logLevel: env.LOG_LEVEL ?? 'info',
    allocationIntervalMs: Number(env.ORDO_ALLOCATION_INTERVAL_MS ?? 60_000),
    metricsToken: metricsTokenOf(env),
    poolSize: poolSizeOf(env),
  }
}

/**
 * Connections a process opens to PostgreSQL when not told: three per core of this machine,
 * 4 to 20. PostgreSQL places the most orders with a few busy connections per core; more
 * sessions only queue on the same rows and spin on its lock tables, burning the CPU the
 * work needs. At 32 clients on two cores (PostgreSQL on the same machine): 6 connections
 * placed 187-192 orders a second, 4 gave 167-173, 10 gave 142-153 and 20 gave 132-134, and
 * PostgreSQL spent 4.1-4.3 ms of CPU per order with 6 against 7.4-7.8 with 20
 * (`bench/lock-waits.ts`). Requests beyond the pool wait in the process for a connection.
 */
export const defaultPoolSize = () => Math.min(20, Math.max(4, 3 * availableParallelism()))

function poolSizeOf(env: NodeJS.ProcessEnv): number {
  if (env.ORDO_DB_POOL_SIZE === undefined || env.ORDO_DB_POOL_SIZE.trim() === '') return defaultPoolSize()
  const size = Number(env.ORDO_DB_POOL_SIZE)
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw new Error(`ORDO_DB_POOL_SIZE must be a whole number from 1 to 1000, got ${env.ORDO_DB_POOL_SIZE}`)
  return size
}

function metricsTokenOf(env: NodeJS.ProcessEnv): string | undefined {
  const token = env.ORDO_METRICS_TOKEN?.trim() || undefined
  if (token && token.length < 16) throw new Error('ORDO_METRICS_TOKEN must be at least 16 characters long')
  return token
}
