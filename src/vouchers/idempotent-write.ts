/** A write honouring `Idempotency-Key`: a retry with the same key gets the first answer. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Database } from '../db/database.ts'
import { inTransaction } from '../db/transaction.ts'
import { checkIdempotencyKey, claimIdempotencyKey, storeIdempotentResponse } from '../http/idempotency.ts'

export async function idempotentWrite<T>(
  db: Database, req: FastifyRequest, reply: FastifyReply, status: number, work: (trx: Database) => Promise<T>,
): Promise<unknown> {
  const key = checkIdempotencyKey(req.headers['idempotency-key'])
  // The key is scoped to the route, so the same key on another route is another request.
  const scoped = key && `${req.method} ${req.url.split('?')[0]} ${key}`
  const { body, replayed, statusCode } = await inTransaction(db, async (trx) => {
    const stored = scoped ? await claimIdempotencyKey(trx, scoped, req.body ?? null) : undefined
    if (stored) return { body: stored.body, statusCode: stored.statusCode, replayed: true }
    const result = await work(trx)
    if (scoped) await storeIdempotentResponse(trx, scoped, { statusCode: status, body: result })
    return { body: result as unknown, statusCode: status, replayed: false }
  })
  if (replayed) reply.header('idempotent-replayed', 'true')
  return reply.status(statusCode).send(body)
}
