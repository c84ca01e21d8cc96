/**
 * Prometheus metrics (A33). One registry per process: counters add up what this process
 * did (Prometheus sums the instances); gauges about shared state (the job queue) are read
 * from the database at scrape time, so every instance reports the same queue.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { poolOf } from '../db/database.ts'

export const registry = new Registry()
collectDefaultMetrics({ register: registry, prefix: 'ordo_' })

export const httpDuration = new Histogram({
  name: 'ordo_http_request_duration_seconds',
  help: 'HTTP request latency by route (the route pattern, not the URL), method and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
})

export const ordersPlaced = new Counter({
  name: 'ordo_orders_placed_total',
  help: 'Orders placed through this process, by shop and result (placed, payment_failed, refused)',
  labelNames: ['shop', 'result'] as const,
  registers: [registry],
})

export const paymentOperations = new Counter({
  name: 'ordo_payment_operations_total',
  help: 'Payment operations run by this process, by operation and result (succeeded, declined, failed)',
  labelNames: ['operation', 'result'] as const,
  registers: [registry],
})

export const paymentsPending = new Gauge({
  name: 'ordo_payments_pending',
  help: 'Gateway calls started and not yet recorded (placement, captures, voids, refunds), all processes',
  registers: [registry],
})

const jobsQueued = new Gauge({
  name: 'ordo_jobs_queued', help: 'Jobs waiting to run (queued and due), by kind', labelNames: ['kind'] as const, registers: [registry],
})
const jobsRunning = new Gauge({
  name: 'ordo_jobs_running', help: 'Jobs a worker holds now, by kind', labelNames: ['kind'] as const, registers: [registry],
})
const jobsOldestAge = new Gauge({
  name: 'ordo_jobs_oldest_age_seconds', help: 'How long the oldest due job has waited, by kind', labelNames: ['kind'] as const, registers: [registry],
})
const poolTotal = new Gauge({ name: 'ordo_db_pool_connections', help: 'Database connections open in this process', registers: [registry] })
const poolIdle = new Gauge({ name: 'ordo_db_pool_idle', help: 'Open database connections not in use', registers: [registry] })
const poolWaiting = new Gauge({ name: 'ordo_db_pool_waiting', help: 'Queries waiting for a free database connection', registers: [registry] })
const poolMax = new Gauge({ name: 'ordo_db_pool_max', help: 'The most database connections this process opens', registers: [registry] })

export interface QueueRow { kind: string; state: string; n: number; oldest: number | null }

/** Due and running jobs by kind and state, with how long the oldest due one has waited. */
export async function queueState(db: Database): Promise<QueueRow[]> {
  const { rows } = await sql<QueueRow>`
    select kind, state, count(*)::int as n,
           extract(epoch from now() - min(run_at))::float8 as oldest
    from jobs where state in ('queued', 'running') and (state = 'running' or run_at <= now())
    group by kind, state`.execute(db)
  return rows
}

export async function pendingPayments(db: Database): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from payment_attempts where state = 'started'`.execute(db)
  return rows[0]?.n ?? 0
}

/** The connection pool of this process: PGlite is one connection, always open. */
export function poolState(db: Database): { connections: number; idle: number; waiting: number; max: number } {
  const pool = poolOf(db)
  if (!pool) return { connections: 1, idle: 0, waiting: 0, max: 1 }
  return { connections: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 }
}

/** Reads the shared gauges (queue, pool, pending payments) just before a scrape. */
export async function collectShared(db: Database): Promise<void> {
  const rows = await queueState(db)
  jobsQueued.reset(); jobsRunning.reset(); jobsOldestAge.reset()
  for (const r of rows) {
    if (r.state === 'queued') {
      jobsQueued.set({ kind: r.kind }, r.n)
      jobsOldestAge.set({ kind: r.kind }, Math.max(0, Number(r.oldest ?? 0)))
    } else jobsRunning.set({ kind: r.kind }, r.n)
  }
  paymentsPending.set(await pendingPayments(db))
  const pool = poolState(db)
  poolTotal.set(pool.connections); poolIdle.set(pool.idle); poolWaiting.set(pool.waiting); poolMax.set(pool.max)
}
