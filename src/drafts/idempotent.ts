/**
 * A write in one transaction that honours `Idempotency-Key`: a retry with the same key and
 * body gets the first answer (marked `idempotent-replayed`); a failure is not kept.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Database } from '../db/database.ts'
import { inTransaction } from '../db/transaction.ts'
import { checkIdempotencyKey, claimIdempotencyKey, storeIdempotentResponse, type StoredResponse } from '../http/idempotency.ts'
import { sendStored } from '../orders/order.routes.ts'

export async function idempotentWrite(
  db: Database, req: FastifyRequest, reply: FastifyReply, work: (trx: Database) => Promise<StoredResponse>,
) {
  const key = checkIdempotencyKey(req.headers['idempotency-key'])
  const { response, replayed } = await inTransaction(db, async (trx) => {
    const stored = key ? await claimIdempotencyKey(trx, key, { url: req.url, body: req.body ?? null }) : undefined
    if (stored) return { response: stored, replayed: true }
    const response = await work(trx)
    if (key) await storeIdempotentResponse(trx, key, response)
    return { response, replayed: false }
  })
  if (replayed) reply.header('idempotent-replayed', 'true')
  return sendStored(reply, response)
}

/** A plain success answer. */
export const ok = (statusCode: number, body: unknown): StoredResponse => ({ statusCode, body })
