import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { Id, responses } from '../http/schemas.ts'
import { remindNow, runDunning } from './dunning.ts'

const tags = ['Dunning']
const Reminder = Type.Object({ level: Type.Integer(), dueDate: Type.String({ format: 'date' }), fees: Type.Integer() })

export function dunningRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.post<{ Params: { id: string } }>('/orders/:id/actions/remind', {
    config: { permission: 'dunning.manage' },
    schema: {
      tags, summary: 'Send the next payment reminder now', params: Type.Object({ id: Id }),
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'A retry with the same key sends no second reminder' })) }),
      description: 'Moves an unpaid invoice order to the next reminder level (at most 2), with its e-mail and history entry.',
      response: responses({ 200: Reminder }),
    },
  }, async (req) => inTransaction(db, (trx) => remindNow(trx, req.actor, req.params.id)))

  app.post('/jobs/dunning', {
    config: { permission: 'dunning.manage' },
    schema: {
      tags, summary: 'Run the reminder job now (it also runs daily)',
      response: responses({ 200: Type.Object({ checked: Type.Integer(), reminded: Type.Integer() }) }),
    },
  }, async (req) => runDunning(db, req.actor))
}
