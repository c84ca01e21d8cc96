/**
 * Liveness (/health), readiness (/health/ready) and Prometheus metrics (/metrics), outside
 * /api. The health checks need no token (load balancers and orchestrators call them) and
 * say nothing secret. /metrics needs a bearer token: ORDO_METRICS_TOKEN (a monitoring
 * token that opens nothing else), or any API token whose role has `system.read`.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import type { AppContext } from '../app.ts'
import { actorForToken } from '../auth/tokens.ts'
import { pendingMigrations } from '../db/migrate.ts'
import { DomainError } from '../http/errors.ts'
import { collectShared, httpDuration, ordersPlaced, registry } from './metrics.ts'

// Probes are called every few seconds: their request logs would drown everything else.
const quiet = { schema: { hide: true }, logLevel: 'warn' as const }

export function opsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url
    // Unmatched URLs are not a route: one label for all of them keeps the series few.
    httpDuration.observe({ method: req.method, route: route ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000)
    if (req.method === 'POST' && route === '/api/v1/orders' && !reply.hasHeader('idempotent-replayed')) countPlacement(req, reply.statusCode)
  })

  app.get('/health', quiet, async () => {
    await sql`select 1`.execute(db)
    return { status: 'ok' }
  })

  app.get('/health/ready', quiet, async (_req, reply) => {
    const checks: Record<string, string> = {}
    let ready = true
    try {
      await sql`select 1`.execute(db)
      checks.database = 'ok'
      const pending = await pendingMigrations(db)
      checks.migrations = pending.length ? `${pending.length} pending` : 'ok'
      if (pending.length) ready = false
    } catch {
      checks.database = 'unreachable'
      ready = false
    }
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks })
  })

  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (req, reply) => {
    await mayReadMetrics(req, ctx)
    await collectShared(db)
    return reply.type(registry.contentType).send(await registry.metrics())
  })

  async function mayReadMetrics(req: FastifyRequest, { db, config }: AppContext): Promise<void> {
    const match = req.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)
    if (!match) throw new DomainError('unauthorized', 'Send the monitoring token (ORDO_METRICS_TOKEN) or an API token as "Authorization: Bearer <token>"')
    if (config.metricsToken && same(match[1], config.metricsToken)) return
    const actor = await actorForToken(db, match[1], config.adminToken)
    if (!actor) throw new DomainError('unauthorized', 'The token is unknown, revoked or expired')
    if (!actor.permissions.has('system.read')) {
      throw new DomainError('forbidden', `Your role (${actor.role}) does not allow this: it needs "system.read"`, { permission: 'system.read' })
    }
  }
}

/** Counts an answer to POST /orders: placed, payment_failed (the order exists, cancelled) or refused. */
function countPlacement(req: FastifyRequest, status: number): void {
  const shop = (req.body as { shop?: unknown } | undefined)?.shop
  if (status === 201) ordersPlaced.inc({ shop: String(shop), result: 'placed' })
  else if (status === 402 || status === 502) ordersPlaced.inc({ shop: String(shop), result: 'payment_failed' })
  // A refused request names no shop: it may name one that does not exist.
  else if (status >= 400) ordersPlaced.inc({ shop: '', result: 'refused' })
}

function same(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest())
}
