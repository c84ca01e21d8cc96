/** Jobs: the allocation run on demand, the list of background jobs, retry and cancel. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { responses } from '../http/schemas.ts'
import { runAllocation } from './allocation.job.ts'
import { cancelJob, findJob, jobStates, jobToApi, listJobs, retryJob } from './job.service.ts'

const tags = ['Jobs']
export const Job = Type.Object({
  id: Type.Integer(), kind: Type.String(), state: Type.String(), attempts: Type.Integer(), maxAttempts: Type.Integer(),
  runAt: Type.String(), lastError: Type.Union([Type.String(), Type.Null()]),
  progress: Type.Unknown(), result: Type.Unknown(), payload: Type.Unknown(),
  createdAt: Type.String(), updatedAt: Type.String(), finishedAt: Type.Union([Type.String(), Type.Null()]),
})
const Params = Type.Object({ id: Type.String({ maxLength: 20 }) })

export function jobRoutes(app: FastifyInstance, { db, gateway }: AppContext): void {
  app.post('/jobs/allocation', {
    config: { permission: 'jobs.run' },
    schema: {
      tags, summary: 'Run the allocation job now (it also runs every minute)',
      response: responses({
        200: Type.Object({ ordersChecked: Type.Integer(), allocated: Type.Integer(), stillWaiting: Type.Integer(), delivered: Type.Integer() }),
      }),
    },
  }, async (req) => runAllocation(db, gateway, req.actor))

  app.get<{ Querystring: { state?: string; kind?: string; before?: number; limit: number } }>('/jobs', {
    config: { permission: 'jobs.read' },
    schema: {
      tags, summary: 'Background jobs, newest first: state, attempts, last error, progress',
      querystring: Type.Object({
        state: Type.Optional(Type.Union(jobStates.map((s) => Type.Literal(s)))),
        kind: Type.Optional(Type.String({ maxLength: 50 })),
        before: Type.Optional(Type.Integer({ minimum: 1 })),
        limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
      }, { additionalProperties: false }),
      response: responses({ 200: Type.Object({ items: Type.Array(Job), nextBefore: Type.Union([Type.Integer(), Type.Null()]) }) }),
    },
  }, async (req) => listJobs(db, req.actor, req.query))

  app.get<{ Params: { id: string } }>('/jobs/:id', {
    config: { permission: 'jobs.read' },
    schema: { tags, summary: 'One job, with its progress and result', params: Params, response: responses({ 200: Job }) },
  }, async (req) => jobToApi(await findJob(db, req.actor, req.params.id)))

  app.post<{ Params: { id: string } }>('/jobs/:id/retry', {
    config: { permission: 'jobs.run' },
    schema: { tags, summary: 'Run a failed or cancelled job again', params: Params, response: responses({ 200: Job }) },
  }, async (req) => retryJob(db, req.actor, req.params.id))

  app.post<{ Params: { id: string } }>('/jobs/:id/cancel', {
    config: { permission: 'jobs.run' },
    schema: { tags, summary: 'Cancel a queued job, or stop a running one', params: Params, response: responses({ 200: Job }) },
  }, async (req) => cancelJob(db, req.actor, req.params.id))
}
