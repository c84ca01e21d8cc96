/** An order's audit trail, and free notes added to it. */
import type { Selectable } from 'kysely'
import { actorColumns, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { OrderHistoryTable } from '../db/schema.ts'
import { Journal } from './journal.ts'
import { findOrderHeader } from './order.repo.ts'

export async function orderHistory(actor: Actor, db: Database, orderId: string) {
  await findOrderHeader(actor, db, orderId)
  const rows = await db.selectFrom('order_history').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
  return rows.map(historyRowToApi)
}

/** A free note, internal or for the customer to see; it changes nothing else. */
export async function addNote(trx: Database, actor: Actor, orderId: string, input: { text: string; clientFacing?: boolean }) {
  const order = await findOrderHeader(actor, trx, orderId)
  const row = await trx.insertInto('order_history').values({
    order_id: order.id, delivery_id: null, type: 'note', action: null, from_status: null, to_status: null,
    note: input.clientFacing ? null : input.text,
    client_note: input.clientFacing ? input.text : null,
    ...actorColumns(actor),
  }).returningAll().executeTakeFirstOrThrow()
  const journal = new Journal(actor)
  journal.event('order.note_added', order.id, order.shop_code, { clientFacing: input.clientFacing ?? false })
  await journal.flush(trx)
  return historyRowToApi(row)
}

function historyRowToApi(r: Selectable<OrderHistoryTable>) {
  return {
    at: r.at.toISOString(),
    type: r.type,
    action: r.action,
    from: r.from_status,
    to: r.to_status,
    deliveryId: r.delivery_id,
    actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
    note: r.note,
    clientNote: r.client_note,
  }
}
