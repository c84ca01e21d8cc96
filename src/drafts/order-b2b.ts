/** An order's B2B fields (A18): purchase-order reference, cost centre, who authorised it. */
import { actorColumns, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { B2bFields } from '../db/tables/drafts.ts'

export async function orderB2b(db: Database, orderId: string) {
  const row = await db.selectFrom('order_b2b').selectAll().where('order_id', '=', orderId).executeTakeFirst()
  return { poReference: row?.po_reference ?? null, costCentre: row?.cost_centre ?? null, approver: row?.approver ?? null, quoteId: row?.quote_id ?? null }
}

export async function setOrderB2b(trx: Database, actor: Actor, orderId: string, input: B2bFields) {
  const values = { po_reference: input.poReference ?? null, cost_centre: input.costCentre ?? null, approver: input.approver ?? null }
  await trx.insertInto('order_b2b').values({ order_id: orderId, quote_id: null, ...values })
    .onConflict((oc) => oc.column('order_id').doUpdateSet(values)).execute()
  await trx.insertInto('order_history').values({
    order_id: orderId, delivery_id: null, type: 'b2b', action: 'set-b2b', from_status: null, to_status: null,
    note: `PO ${values.po_reference ?? '-'}, cost centre ${values.cost_centre ?? '-'}, approver ${values.approver ?? '-'}`, client_note: null, ...actorColumns(actor),
  }).execute()
  return orderB2b(trx, orderId)
}

export interface B2bApi { poReference: string | null; costCentre: string | null; approver: string | null }

/** The B2B fields of these orders (for exports): only orders that have some. */
export async function b2bOf(db: Database, orderIds: string[]): Promise<Map<string, B2bApi>> {
  if (orderIds.length === 0) return new Map()
  const rows = await db.selectFrom('order_b2b').selectAll().where('order_id', 'in', orderIds).execute()
  return new Map(rows.map((r) => [r.order_id, { poReference: r.po_reference, costCentre: r.cost_centre, approver: r.approver }]))
}
