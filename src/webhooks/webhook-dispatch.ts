/** One delivery (and its job) per active subscription of the event's shop that wants the event. */
import { randomUUID } from 'node:crypto'
import type { Database } from '../db/database.ts'
import type { Lookup, OutboxEvent } from '../jobs/dispatch.ts'
import type { NewJob } from '../jobs/queue.ts'
import { webhookMaxAttempts } from './webhook.job.ts'

/** The body receivers get: the Standard Webhooks shape, type + timestamp + data. */
export const payloadOf = (event: OutboxEvent) => ({
  type: event.type,
  timestamp: event.created_at.toISOString(),
  data: { eventId: event.id, shop: event.shop_code, orderId: event.order_id, ...event.payload },
})

export async function webhookJobsFor(trx: Database, event: OutboxEvent, lookup: Lookup): Promise<NewJob[]> {
  const shop = event.shop_code
  if (!shop || !event.type.match(/^(order|payment|delivery)\./)) return []
  const subscriptions = await lookup(`webhooks ${shop}`, () => trx.selectFrom('webhook_subscriptions').select(['id', 'events'])
    .where('shop_code', '=', shop).where('active', '=', true).execute())
  const family = `${event.type.split('.')[0]}.*`
  const wanted = subscriptions.filter((s) => s.events.includes('*') || s.events.includes(family) || s.events.includes(event.type))
  if (wanted.length === 0) return []
  const deliveries = wanted.map((s) => ({
    id: randomUUID(), subscription_id: s.id, event_id: event.id, event_type: event.type, payload: JSON.stringify(payloadOf(event)),
  }))
  await trx.insertInto('webhook_deliveries').values(deliveries).execute()
  return deliveries.map((d) => ({ kind: 'webhook.deliver', payload: { deliveryId: d.id }, maxAttempts: webhookMaxAttempts }))
}
