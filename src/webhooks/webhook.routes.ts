/** Webhook subscriptions, their delivery log, and manual redelivery. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { Id, responses } from '../http/schemas.ts'
import { loadWorkerSettings } from '../jobs/worker-settings.ts'
import {
  createSubscription, deleteSubscription, getDelivery, listDeliveries, listSubscriptions, redeliver, updateSubscription, type SubscriptionInput,
} from './webhook.service.ts'

const tags = ['Webhooks']
const Params = Type.Object({ id: Id })
const Events = Type.Array(Type.String({ maxLength: 60 }), { minItems: 1, maxItems: 50, description: 'Event types, "order.*" for a family, or "*"' })
const Url = Type.String({ minLength: 1, maxLength: 2000 })

export function webhookRoutes(app: FastifyInstance, { db }: AppContext): void {
  const settings = loadWorkerSettings()
  const perm = { permission: 'webhooks.manage' as const }

  app.get('/webhooks', { config: perm, schema: { tags, summary: 'Webhook subscriptions' } },
    async (req) => ({ items: await listSubscriptions(db, req.actor) }))

  app.post<{ Body: SubscriptionInput }>('/webhooks', {
    config: perm,
    schema: {
      tags, summary: 'Subscribe a URL to events of a shop; the answer shows the signing secret, once',
      body: Type.Object({ shop: Type.String({ minLength: 1, maxLength: 24 }), url: Url, events: Events, active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => createSubscription(trx, req.actor, req.body, settings.webhooksAllowPrivate))))

  app.patch<{ Params: { id: string }; Body: Partial<SubscriptionInput> }>('/webhooks/:id', {
    config: perm,
    schema: {
      tags, summary: 'Change the URL or events, or switch a subscription on or off', params: Params,
      body: Type.Object({ url: Type.Optional(Url), events: Type.Optional(Events), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    },
  }, async (req) => inTransaction(db, (trx) => updateSubscription(trx, req.actor, req.params.id, req.body, settings.webhooksAllowPrivate)))

  app.delete<{ Params: { id: string } }>('/webhooks/:id', {
    config: perm, schema: { tags, summary: 'Remove a subscription and its log', params: Params, response: responses({ 204: Type.Null() }) },
  }, async (req, reply) => {
    await inTransaction(db, (trx) => deleteSubscription(trx, req.actor, req.params.id))
    return reply.status(204).send()
  })

  app.get<{ Params: { id: string }; Querystring: { status?: string; limit: number } }>('/webhooks/:id/deliveries', {
    config: perm,
    schema: {
      tags, summary: "The subscription's delivery log: status, response code, duration, attempts", params: Params,
      querystring: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')])),
        limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
      }, { additionalProperties: false }),
    },
  }, async (req) => ({ items: await listDeliveries(db, req.actor, req.params.id, req.query) }))

  app.get<{ Params: { id: string } }>('/webhook-deliveries/:id', {
    config: perm, schema: { tags, summary: 'One delivery with every attempt', params: Params },
  }, async (req) => getDelivery(db, req.actor, req.params.id))

  app.post<{ Params: { id: string } }>('/webhook-deliveries/:id/redeliver', {
    config: perm, schema: { tags, summary: 'Send a delivery again, with the same webhook-id', params: Params },
  }, async (req, reply) => reply.status(202).send(await inTransaction(db, (trx) => redeliver(trx, req.actor, req.params.id))))
}
