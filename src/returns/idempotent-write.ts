/**
 * Runs a write in one transaction, honouring `Idempotency-Key` like `POST /orders`
 * (routes using it say `config.idempotency: 'own'`): a retry with the same key gets the first answer (a payment failure
 * included, as it was committed with its log); a refusal that changed nothing is not
 * kept, so the retry runs afresh. The key covers the path too, so one key cannot
 * answer for another action.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Database } from '../db/database.ts'
import { inTransaction } from '../db/transaction.ts'
import { withGatewayOutside } from '../payments/gateway-outside.ts'
import { problemOf } from '../http/errors.ts'
import { checkIdempotencyKey, claimIdempotencyKey, scopedIdempotencyKey, storeIdempotentResponse, type StoredResponse } from '../http/idempotency.ts'
import { sendStored } from '../orders/order.routes.ts'
import type { Outcome } from './outcome.ts'

export async function idempotentWrite<T>(
  db: Database, req: FastifyRequest, reply: FastifyReply, okStatus: number, work: (trx: Database) => Promise<Outcome<T>>,
) {
  const raw = checkIdempotencyKey(req.headers['idempotency-key'])
  // The key belongs to its caller and its route, as for every other write (http/idempotent-writes.ts).
  const key = raw && scopedIdempotencyKey(req.actor, `${req.method} ${req.routeOptions.url}:${raw}`)
  const path = req.url.split('?')[0]
  // Captures, voids and refunds the change makes are asked of the gateway outside its transaction.
  const { response, replayed } = await withGatewayOutside(db, req.actor, () => inTransaction(db, async (trx) => {
    const stored = key ? await claimIdempotencyKey(trx, key, { path, query: req.query ?? null, body: req.body ?? null }) : undefined
    if (stored) return { response: stored, replayed: true }
    const outcome = await work(trx)
    const response: StoredResponse = outcome.ok
      ? { statusCode: okStatus, body: outcome.value }
      : { statusCode: outcome.error.status, body: problemOf(outcome.error, path) }
    if (key) await storeIdempotentResponse(trx, key, response)
    return { response, replayed: false }
  }))
  if (replayed) reply.header('idempotent-replayed', 'true')
  return sendStored(reply, response)
}
