import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { responses } from '../http/schemas.ts'
import { runAllocation } from './allocation.job.ts'

export function jobRoutes(app: FastifyInstance, { db, gateway }: AppContext): void {
  app.post('/jobs/allocation', {
    config: { permission: 'jobs.run' },
    schema: {
      tags: ['Jobs'], summary: 'Run the allocation job now (it also runs every minute)',
      response: responses({
        200: Type.Object({ ordersChecked: Type.Integer(), allocated: Type.Integer(), stillWaiting: Type.Integer(), delivered: Type.Integer() }),
      }),
    },
  }, async (req) => runAllocation(db, gateway, req.actor))
}
