import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { Id, responses } from '../http/schemas.ts'
import { remindNow, runDunning } from './dunning.ts'
import { checkIdempotencyKey, claimIdempotencyKey, storeIdempotentResponse } from '../http/idempotency.ts'
import { sendStored } from '../orders/order.routes.ts'

const tags = ['Dunning']
const Reminder = Type.Object({ level: Type.Integer(), dueDate: Type.String({ format: 'date' }), fees: Type.Integer() })

export function dunningRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.post<{ Params: { id: string } }>('/orders/:id/actions/remind', {
    config: { permission: 'dunning.manage' },
    schema: {
      tags, summary: 'Send the next payment reminder now', params: Type.Object({ id: Id }),
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
      description: 'Moves an unpaid invoice order to the next reminder level (at most 2), with its e-mail and history entry.',
      response: responses({ 200: Reminder }),
    },
  }, async (req, reply) => {
    // A retried request (same Idempotency-Key) must not send a second reminder.
    const key = checkIdempotencyKey(req.headers['idempotency-key'])
    const response = await inTransaction(db, async (trx) => {
      const stored = key ? await claimIdempotencyKey(trx, key, { remind: req.params.id }) : undefined
      if (stored) return stored
      const done = { statusCode: 200, body: await remindNow(trx, req.actor, req.params.id) }
      if (key) await storeIdempotentResponse(trx, key, done)
      return done
    })
    return sendStored(reply, response)
  })

  app.post('/jobs/dunning', {
    config: { permission: 'dunning.manage' },
    schema: {
      tags, summary: 'Run the reminder job now (it also runs daily)',
      response: responses({ 200: Type.Object({ checked: Type.Integer(), reminded: Type.Integer() }) }),
    },
  }, async (req) => runDunning(db, req.actor))
}
