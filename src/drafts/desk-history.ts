/** The audit trail of drafts, quotes and consultations, and the events they emit. */
import { actorColumns, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { EventType } from '../orders/events.ts'

export type Subject = 'draft' | 'quote' | 'consultation'

export async function record(trx: Database, actor: Actor, kind: Subject, id: string, type: string, fields: {
  action?: string; from?: string | null; to?: string | null; note?: string | null
} = {}): Promise<void> {
  await trx.insertInto('desk_history').values({
    subject_kind: kind, subject_id: id, type, action: fields.action ?? null,
    from_status: fields.from ?? null, to_status: fields.to ?? null, note: fields.note ?? null, ...actorColumns(actor),
  }).execute()
}

/** An outbox event (webhooks, e-mails) written in the caller's transaction. */
export async function emit(trx: Database, type: EventType, shop: string, payload: Record<string, unknown>, orderId: string | null = null): Promise<void> {
  await trx.insertInto('events').values({ type, order_id: orderId, shop_code: shop, payload: JSON.stringify(payload) }).execute()
}

export async function historyOf(db: Database, kind: Subject, id: string) {
  const rows = await db.selectFrom('desk_history').selectAll().where('subject_kind', '=', kind).where('subject_id', '=', id).orderBy('id').execute()
  return rows.map((r) => ({
    at: r.at.toISOString(), type: r.type, action: r.action, from: r.from_status, to: r.to_status, note: r.note,
    actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
  }))
}
