/** GET /api/v1/system/status: what /health/ready and /metrics say, for the admin UI's System page. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { AppContext } from '../app.ts'
import { poolOf } from '../db/database.ts'
import { pendingMigrations } from '../db/migrate.ts'
import { responses } from '../http/schemas.ts'
import { pendingPayments, poolState, queueState } from './metrics.ts'

const SystemStatus = Type.Object({
  ready: Type.Boolean(),
  database: Type.String({ description: 'pglite or postgres' }),
  pendingMigrations: Type.Array(Type.String()),
  paymentsPending: Type.Integer({ description: 'Card payments asked of the gateway and not yet recorded' }),
  jobs: Type.Array(Type.Object({
    kind: Type.String(), queued: Type.Integer(), running: Type.Integer(), oldestWaitSeconds: Type.Number(),
  })),
  pool: Type.Object({ connections: Type.Integer(), idle: Type.Integer(), waiting: Type.Integer(), max: Type.Integer() }),
  process: Type.Object({ uptimeSeconds: Type.Number(), rssMiB: Type.Number(), node: Type.String() }),
})

export function systemRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.get('/system/status', {
    config: { permission: 'system.read' },
    schema: { tags: ['System'], summary: 'Readiness, job queue, pending payments and database pool of this process', response: responses({ 200: SystemStatus }) },
  }, async () => {
    await sql`select 1`.execute(db)
    const [migrations, queue, paymentsPending] = await Promise.all([pendingMigrations(db), queueState(db), pendingPayments(db)])
    const kinds = new Map<string, { kind: string; queued: number; running: number; oldestWaitSeconds: number }>()
    for (const r of queue) {
      const k = kinds.get(r.kind) ?? { kind: r.kind, queued: 0, running: 0, oldestWaitSeconds: 0 }
      if (r.state === 'queued') { k.queued = r.n; k.oldestWaitSeconds = Math.max(0, Math.round(Number(r.oldest ?? 0))) } else k.running = r.n
      kinds.set(r.kind, k)
    }
    return {
      ready: migrations.length === 0,
      database: poolOf(db) ? 'postgres' : 'pglite',
      pendingMigrations: migrations,
      paymentsPending,
      jobs: [...kinds.values()].sort((a, b) => a.kind.localeCompare(b.kind)),
      pool: poolState(db),
      process: { uptimeSeconds: Math.round(process.uptime()), rssMiB: Math.round(process.memoryUsage.rss() / 1048576), node: process.version },
    }
  })
}
