/** Environment -> typed, validated configuration. Read once at start-up. */
import { resolve } from 'node:path'

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
  }
}

function metricsTokenOf(env: NodeJS.ProcessEnv): string | undefined {
  const token = env.ORDO_METRICS_TOKEN?.trim() || undefined
  if (token && token.length < 16) throw new Error('ORDO_METRICS_TOKEN must be at least 16 characters long')
  return token
}
