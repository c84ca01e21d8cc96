/** Editing an order before fulfilment; `?dryRun=true` shows the new totals and payment difference first. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../app.ts'
import { Id, responses } from '../../http/schemas.ts'
import { idempotentWrite } from '../../returns/idempotent-write.ts'
import { Journal } from '../journal.ts'
import { orderToApi } from '../order.api.ts'
import { EditOrder, EditResult } from './edit.schemas.ts'
import { editOrder, type EditInput } from './edit.service.ts'

export function orderEditRoutes(app: FastifyInstance, { db, gateway }: AppContext): void {
  app.post<{ Params: { id: string }; Querystring: { dryRun?: boolean }; Body: EditInput }>('/orders/:id/edits', {
    config: { permission: 'orders.edit', idempotency: 'own' },
    schema: {
      tags: ['Order edits'], summary: 'Edit an order before fulfilment',
      description: 'Changes: set_address, set_customer_contact, set_quantity, add_line, remove_line, substitute_line, split_delivery; '
        + 'applied together or not at all, as one history entry. Only lines in deliveries not yet packed. '
        + 'With `?dryRun=true` nothing changes: the answer shows the new totals and the payment difference. '
        + 'With an `Idempotency-Key` header, a retried request returns the first result.',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
      params: Type.Object({ id: Id }),
      querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      body: EditOrder,
      response: responses({ 200: EditResult }),
    },
  }, (req, reply) => idempotentWrite(db, req, reply, 200, async (trx) => {
    const ctx = { trx, gateway, journal: new Journal(req.actor) }
    const outcome = await editOrder(ctx, req.actor, req.params.id, req.body, req.query.dryRun === true)
    if (!outcome.ok) return outcome
    return { ok: true, value: { ...outcome.value, order: orderToApi(outcome.value.order, req.actor) } }
  }))
}
