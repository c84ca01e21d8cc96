/**
 * Turns new outbox events into jobs: e-mails, one webhook delivery per matching
 * subscription, export cycles. The events are marked in the same transaction as the
 * jobs are written, so a crash leaves an event either untouched or fully handed on.
 */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { inTransaction } from '../db/transaction.ts'
import { mailJobsFor } from '../notifications/mail-dispatch.ts'
import { webhookJobsFor } from '../webhooks/webhook-dispatch.ts'
import { exportJobsFor } from '../exports/export-dispatch.ts'
import { enqueue, type NewJob } from './queue.ts'

export interface OutboxEvent {
  id: number
  type: string
  order_id: string | null
  shop_code: string | null
  payload: Record<string, unknown>
  created_at: Date
}

/**
 * Reads a shop's settings (its mail templates, webhook subscriptions, exporters) once per
 * batch, not once per event: each placement makes about four events, and asking per event
 * was eight queries an order. One batch is one transaction, so every event sees the same.
 */
export type Lookup = <T>(key: string, read: () => Promise<T>) => Promise<T>

function onceEach(): Lookup {
  const read = new Map<string, Promise<unknown>>()
  return <T>(key: string, reading: () => Promise<T>) => {
    let answer = read.get(key) as Promise<T> | undefined
    if (!answer) read.set(key, answer = reading())
    return answer
  }
}

/** Hands on up to `limit` events; returns how many. Workers skip each other's events. */
export async function dispatchEvents(db: Database, limit: number): Promise<number> {
  return inTransaction(db, async (trx) => {
    const { rows } = await sql<OutboxEvent>`
      select id, type, order_id, shop_code, payload, created_at from events
      where dispatched_at is null order by id limit ${limit} for update skip locked`.execute(trx)
    if (rows.length === 0) return 0
    const jobs: NewJob[] = []
    const lookup = onceEach()
    for (const event of rows) {
      const shops = event.shop_code ? [event.shop_code] : []
      const made = [...await mailJobsFor(trx, event, lookup), ...await webhookJobsFor(trx, event, lookup), ...await exportJobsFor(trx, event, lookup)]
      jobs.push(...made.map((job) => ({ ...job, shops })))
    }
    await enqueue(trx, jobs)
    await trx.updateTable('events').set({ dispatched_at: sql`now()` }).where('id', 'in', rows.map((r) => r.id)).execute()
    return rows.length
  })
}
