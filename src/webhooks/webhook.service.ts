/** Webhook subscriptions per shop, their delivery log, and manual redelivery. */
import { randomUUID } from 'node:crypto'
import type { Selectable } from 'kysely'
import { sql } from 'kysely'
import { seesShop, type Actor } from '../auth/actor.ts'
import { recordAudit } from '../auth/audit.ts'
import type { Database } from '../db/database.ts'
import type { WebhookDeliveriesTable, WebhookSubscriptionsTable } from '../db/tables/jobs.ts'
import { DomainError } from '../http/errors.ts'
import { enqueue } from '../jobs/queue.ts'
import { eventTypes } from '../orders/events.ts'
import { getShop } from '../shops/shop.service.ts'
import { checkTarget } from './webhook-target.ts'
import { newSecret } from './webhook-signing.ts'
import { webhookMaxAttempts } from './webhook.job.ts'

export interface SubscriptionInput { shop: string; url: string; events: string[]; active?: boolean }

const subscriptionToApi = (s: Selectable<WebhookSubscriptionsTable>) => ({
  id: s.id, shop: s.shop_code, url: s.url, events: s.events, active: s.active,
  failureStreak: s.failure_streak, disabledReason: s.disabled_reason,
  createdAt: s.created_at.toISOString(), updatedAt: s.updated_at.toISOString(),
})

const deliveryToApi = (d: Selectable<WebhookDeliveriesTable>) => ({
  id: d.id, webhookId: d.id, subscriptionId: d.subscription_id, eventId: d.event_id, eventType: d.event_type,
  status: d.status, attempts: d.attempts, responseStatus: d.response_status, durationMs: d.duration_ms,
  lastError: d.last_error, createdAt: d.created_at.toISOString(), finishedAt: d.finished_at?.toISOString() ?? null,
})

function checkEvents(events: string[]): void {
  const wrong = events.filter((e) => e !== '*' && !(eventTypes as readonly string[]).includes(e) && !/^(order|payment|delivery)\.\*$/.test(e))
  if (wrong.length) throw new DomainError('validation_failed', `events: unknown ${wrong.join(', ')}`, { errors: [{ path: 'events', message: 'unknown event type' }] })
}

async function findSubscription(db: Database, actor: Actor, id: string) {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst() : undefined
  if (!row || !seesShop(actor, row.shop_code)) throw new DomainError('not_found', `There is no webhook subscription "${id}"`)
  return row
}

export async function createSubscription(trx: Database, actor: Actor, input: SubscriptionInput, allowPrivate: boolean) {
  await getShop(trx, actor, input.shop)
  checkTarget(input.url, allowPrivate)
  checkEvents(input.events)
  const secret = newSecret()
  const row = await trx.insertInto('webhook_subscriptions').values({
    id: randomUUID(), shop_code: input.shop, url: input.url, events: input.events, secret, active: input.active ?? true,
  }).returningAll().executeTakeFirstOrThrow()
  await recordAudit(trx, actor, 'webhook.create', 'webhook', row.id, { url: input.url, events: input.events })
  // The secret is shown this once; receivers keep it to verify signatures.
  return { ...subscriptionToApi(row), secret }
}

export async function updateSubscription(trx: Database, actor: Actor, id: string, input: Partial<Omit<SubscriptionInput, 'shop'>>, allowPrivate: boolean) {
  await findSubscription(trx, actor, id)
  if (input.url !== undefined) checkTarget(input.url, allowPrivate)
  if (input.events !== undefined) checkEvents(input.events)
  const row = await trx.updateTable('webhook_subscriptions').set({
    ...(input.url !== undefined && { url: input.url }),
    ...(input.events !== undefined && { events: input.events }),
    // Switching a subscription back on gives it a fresh start.
    ...(input.active !== undefined && { active: input.active, ...(input.active && { failure_streak: 0, disabled_reason: null }) }),
    updated_at: sql`now()`,
  }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
  await recordAudit(trx, actor, 'webhook.update', 'webhook', id, input)
  return subscriptionToApi(row)
}

export async function deleteSubscription(trx: Database, actor: Actor, id: string): Promise<void> {
  await findSubscription(trx, actor, id)
  await trx.deleteFrom('webhook_subscriptions').where('id', '=', id).execute()
  await recordAudit(trx, actor, 'webhook.delete', 'webhook', id, {})
}

export async function listSubscriptions(db: Database, actor: Actor) {
  const rows = await db.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at').execute()
  return rows.filter((r) => seesShop(actor, r.shop_code)).map(subscriptionToApi)
}

export async function listDeliveries(db: Database, actor: Actor, subscriptionId: string, options: { status?: string; limit: number }) {
  await findSubscription(db, actor, subscriptionId)
  const rows = await db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId)
    .$if(options.status !== undefined, (q) => q.where('status', '=', options.status as never))
    .orderBy('created_at', 'desc').orderBy('id').limit(options.limit).execute()
  return rows.map(deliveryToApi)
}

export async function getDelivery(db: Database, actor: Actor, id: string) {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst() : undefined
  if (!row) throw new DomainError('not_found', `There is no webhook delivery "${id}"`)
  await findSubscription(db, actor, row.subscription_id).catch(() => { throw new DomainError('not_found', `There is no webhook delivery "${id}"`) })
  const attempts = await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', id).orderBy('id').execute()
  return {
    ...deliveryToApi(row),
    log: attempts.map((a) => ({ at: a.at.toISOString(), responseStatus: a.response_status, durationMs: a.duration_ms, error: a.error })),
  }
}

/** Sends a delivery again with the same webhook-id, whatever became of it. */
export async function redeliver(trx: Database, actor: Actor, id: string) {
  const delivery = await getDelivery(trx, actor, id)
  const sub = await findSubscription(trx, actor, delivery.subscriptionId)
  if (!sub.active) throw new DomainError('webhook_inactive', 'Switch the subscription on before redelivering')
  await trx.updateTable('webhook_deliveries').set({ status: 'pending', finished_at: null }).where('id', '=', id).execute()
  const [jobId] = await enqueue(trx, [{ kind: 'webhook.deliver', payload: { deliveryId: id, manual: true }, maxAttempts: webhookMaxAttempts }])
  return { deliveryId: id, jobId }
}
