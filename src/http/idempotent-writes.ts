/**
 * `Idempotency-Key` for every write of the API. A write retried with the same key by the
 * same caller gets the first answer (with `Idempotent-Replayed: true`); the same key with a
 * different request is refused; a retry while the first is still running gets a 409. Keys
 * belong to their caller (token or staff account): nobody replays another caller's answer.
 *
 * Routes that claim the key inside their own transaction (order placement, where the answer
 * must commit with the order) say `config.idempotency: 'own'` and use idempotency.ts directly.
 * Here the claim and the stored answer sit around the handler: a failure that changed nothing
 * (4xx, 5xx) releases the key so the retry runs afresh.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Database } from '../db/database.ts'
import { DomainError } from './errors.ts'
import { checkIdempotencyKey, requestHash, scopedIdempotencyKey } from './idempotency.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'own': the route claims Idempotency-Key itself, in its transaction. */
    idempotency?: 'own'
  }
  interface FastifyRequest {
    /** The scoped key this request claimed, to store its answer under. */
    idempotencyClaim?: string
  }
}

const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function registerIdempotentWrites(app: FastifyInstance, db: Database): void {
  app.decorateRequest('idempotencyClaim', undefined)

  app.addHook('preHandler', async (req, reply) => {
    if (!writes.has(req.method) || !req.routeOptions.config?.permission || req.routeOptions.config.idempotency === 'own') return
    const key = checkIdempotencyKey(req.headers['idempotency-key'])
    if (!key || !req.actor) return
    const scoped = scopedIdempotencyKey(req.actor, `${req.method} ${req.routeOptions.url}:${key}`)
    const hash = requestHash({ params: req.params, query: req.query, body: req.body ?? null })
    const claimed = await db.insertInto('idempotency_keys')
      .values({ key: scoped, request_hash: hash, status_code: 0, response: 'null' })
      .onConflict((oc) => oc.column('key').doNothing()).returning('key').executeTakeFirst()
    if (claimed) {
      req.idempotencyClaim = scoped
      return
    }
    const prior = await db.selectFrom('idempotency_keys').selectAll().where('key', '=', scoped).executeTakeFirstOrThrow()
    if (prior.request_hash !== hash) throw new DomainError('idempotency_key_reused')
    if (prior.status_code === 0) throw new DomainError('idempotency_in_progress', 'A request with this Idempotency-Key is still running; retry in a moment')
    return replay(reply, prior.status_code, prior.response)
  })

  app.addHook('onSend', async (req, reply, payload) => {
    const scoped = req.idempotencyClaim
    if (!scoped) return payload
    req.idempotencyClaim = undefined
    if (reply.statusCode >= 400) {
      await db.deleteFrom('idempotency_keys').where('key', '=', scoped).execute()
      return payload
    }
    const body = typeof payload === 'string' && payload.length > 0 ? safeJson(payload) : null
    await db.updateTable('idempotency_keys').set({ status_code: reply.statusCode, response: JSON.stringify(body) }).where('key', '=', scoped).execute()
    return payload
  })
}

function replay(reply: FastifyReply, status: number, body: unknown) {
  reply.header('idempotent-replayed', 'true').status(status)
  return status === 204 ? reply.send() : reply.type('application/json').serializer(JSON.stringify).send(body)
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text) } catch { return text }
}

