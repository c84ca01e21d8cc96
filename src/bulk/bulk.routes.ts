/** POST /orders/bulk starts a bulk job; GET /orders/bulk/:id reads its progress and results. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { DomainError } from '../http/errors.ts'
import { findJob, jobToApi } from '../jobs/job.service.ts'
import { orderFilterProperties as filterFields } from '../exports/order-filter.schema.ts'
import { recipients } from '../notifications/default-templates.ts'
import { exportStates } from '../exports/export-states.ts'
import { bulkLimit } from './bulk-orders.ts'
import { startBulk, type BulkRequest } from './bulk.service.ts'

const tags = ['Orders']

const BulkBody = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 40, description: 'An order action, e.g. approve or cancel' })),
  input: Type.Optional(Type.Object({
    note: Type.Optional(Type.String({ maxLength: 2000 })), clientNote: Type.Optional(Type.String({ maxLength: 2000 })),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  }, { additionalProperties: false })),
  email: Type.Optional(Type.Object({ event: Type.String({ maxLength: 60 }), recipient: Type.Union(recipients.map((r) => Type.Literal(r))) }, { additionalProperties: false })),
  export: Type.Optional(Type.Object({ state: Type.Union(exportStates.map((s) => Type.Literal(s))) }, { additionalProperties: false })),
  orderIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: bulkLimit })),
  filter: Type.Optional(Type.Object(filterFields, { additionalProperties: false })),
}, { additionalProperties: false })

export function bulkRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.post<{ Body: BulkRequest }>('/orders/bulk', {
    config: { permission: 'orders.bulk' },
    schema: {
      tags, summary: 'Run an action, an e-mail or an export cycle on many orders, as a job',
      description: 'Give exactly one of action, email and export, and either orderIds or a filter (the search filters). The answer names the job; GET /orders/bulk/{id} shows progress and a result per order.',
      body: BulkBody,
    },
  }, async (req, reply) => reply.status(202).send(await startBulk(db, req.actor, req.body)))

  app.get<{ Params: { id: string } }>('/orders/bulk/:id', {
    config: { permission: 'orders.bulk' },
    schema: { tags, summary: 'A bulk job: state, progress and the result per order', params: Type.Object({ id: Type.String({ maxLength: 20 }) }) },
  }, async (req) => {
    const job = await findJob(db, req.actor, req.params.id)
    const owner = (job.payload.actor as { id?: string } | undefined)?.id
    // Only bulk jobs, and only one's own unless one may read all jobs.
    if (job.kind !== 'bulk' || (owner !== req.actor.id && !req.actor.permissions.has('jobs.read'))) {
      throw new DomainError('job_not_found', `There is no bulk job "${req.params.id}"`)
    }
    return jobToApi(job)
  })
}
