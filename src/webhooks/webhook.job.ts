/**
 * Delivers one webhook: signs the stored payload (the webhook-id stays the delivery's id
 * on every attempt, so a receiver can drop repeats), posts it, logs the attempt. A failure
 * is retried with exponential back-off over about six hours; then the delivery has failed,
 * and a subscription whose deliveries keep failing is switched off and the shop told.
 */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import type { JobKind } from '../jobs/job-kind.ts'
import { PermanentJobError } from '../jobs/job-kind.ts'
import { backoff } from '../jobs/queue.ts'
import { postJson } from './webhook-post.ts'
import { signedHeaders } from './webhook-signing.ts'

/** Attempts per delivery: 1, 3, 9, 27, 81 and 243 minutes apart. */
export const webhookMaxAttempts = 7
/** Deliveries failed in a row after which a subscription is switched off. */
export const disableAfterFailures = 5

export const webhookJob: JobKind = {
  maxAttempts: webhookMaxAttempts,
  retryIn: backoff(60_000, 3, 6 * 3_600_000),
  async run({ job, deps }) {
    const { db, settings } = deps
    const deliveryId = String(job.payload.deliveryId)
    const found = await db.selectFrom('webhook_deliveries as d').innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
      .select(['d.id', 'd.subscription_id', 'd.status', 'd.payload', 's.url', 's.secret', 's.active']).where('d.id', '=', deliveryId).executeTakeFirst()
    if (!found) throw new PermanentJobError(`No webhook delivery ${deliveryId}`)
    if (found.status === 'succeeded') return { already: true }
    if (!found.active) throw new PermanentJobError('The subscription is switched off')

    const body = JSON.stringify(found.payload)
    const result = await postJson(found.url, signedHeaders(found.secret, found.id, body), body, settings.webhookTimeoutMs, settings.webhooksAllowPrivate)
    const ok = result.status !== null && result.status >= 200 && result.status < 300
    const error = ok ? null : result.error ?? `The receiver answered ${result.status}`
    // Deleted while we were posting: there is no log left to write to.
    if (!await subscriptionOf(db, found.id)) return { deleted: true, status: result.status }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('webhook_attempts').values({ delivery_id: found.id, response_status: result.status, duration_ms: result.durationMs, error }).execute()
      await trx.updateTable('webhook_deliveries').set({
        attempts: sql`attempts + 1`, response_status: result.status, duration_ms: result.durationMs, last_error: error,
        ...(ok && { status: 'succeeded', finished_at: sql`now()` }),
      }).where('id', '=', found.id).execute()
      if (ok) await trx.updateTable('webhook_subscriptions').set({ failure_streak: 0 }).where('id', '=', found.subscription_id).execute()
    })
    if (!ok) throw new Error(error!)
    return { status: result.status, durationMs: result.durationMs }
  },
  async onFailed({ db }, job, error) {
    await db.transaction().execute(async (trx) => {
      const deliveryId = String(job.payload.deliveryId)
      // The subscription (and with it the delivery) may have been deleted meanwhile: nothing to count.
      const subscriptionId = await subscriptionOf(trx, deliveryId)
      if (!subscriptionId) return
      await trx.updateTable('webhook_deliveries').set({ status: 'failed', finished_at: sql`now()`, last_error: error })
        .where('id', '=', deliveryId).where('status', '=', 'pending').execute()
      const sub = await trx.updateTable('webhook_subscriptions').set({ failure_streak: sql`failure_streak + 1`, updated_at: sql`now()` })
        .where('id', '=', subscriptionId).where('active', '=', true)
        .returning(['id', 'shop_code', 'url', 'failure_streak']).executeTakeFirst()
      if (!sub || sub.failure_streak < disableAfterFailures) return
      await trx.updateTable('webhook_subscriptions').set({ active: false, disabled_reason: `${sub.failure_streak} deliveries failed in a row` })
        .where('id', '=', sub.id).execute()
      // Told like any other event: the shop's 'webhook.disabled' e-mail goes out through the outbox.
      await trx.insertInto('events').values({
        type: 'webhook.disabled', order_id: null, shop_code: sub.shop_code,
        payload: JSON.stringify({ subscriptionId: sub.id, url: sub.url, failures: sub.failure_streak }),
      }).execute()
    })
  },
}

async function subscriptionOf(trx: Database, deliveryId: string): Promise<string | undefined> {
  const row = await trx.selectFrom('webhook_deliveries').select('subscription_id').where('id', '=', deliveryId).executeTakeFirst()
  return row?.subscription_id
}
