/**
 * A write in one transaction that honours `Idempotency-Key` (routes using it say
 * `idempotency: 'own'`, so the key is claimed here, inside the transaction of the change): a retry with the same key and
 * body gets the first answer (marked `idempotent-replayed`); a failure is not kept.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Database } from '../db/database.ts'
import { inTransaction } from '../db/transaction.ts'
import { checkIdempotencyKey, claimIdempotencyKey, scopedIdempotencyKey, storeIdempotentResponse, type StoredResponse } from '../http/idempotency.ts'
import { sendStored } from '../orders/order.routes.ts'

export async function idempotentWrite(
  db: Database, req: FastifyRequest, reply: FastifyReply, work: (trx: Database) => Promise<StoredResponse>,
) {
  const key = checkIdempotencyKey(req.headers['idempotency-key'])
  const { response, replayed } = await inTransaction(db, async (trx) => {
    // The key belongs to its caller and this route (see http/idempotent-writes.ts).
    const scoped = key ? scopedIdempotencyKey(req.actor, `${req.method} ${req.routeOptions.url}:${key}`) : null
    const stored = scoped ? await claimIdempotencyKey(trx, scoped, { params: req.params, body: req.body ?? null }) : undefined
    if (stored) return { response: stored, replayed: true }
    const response = await work(trx)
    if (scoped) await storeIdempotentResponse(trx, scoped, response)
    return { response, replayed: false }
  })
  if (replayed) reply.header('idempotent-replayed', 'true')
  return sendStored(reply, response)
}

/** A plain success answer. */
export const ok = (statusCode: number, body: unknown): StoredResponse => ({ statusCode, body })
