/** The list of drafts, filtered to the caller's shops. */
import { Type, type Static } from 'typebox'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'

export const DraftQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 200, description: 'Comma-separated statuses; default: the open ones' })),
  shop: Type.Optional(Type.String({ maxLength: 200 })),
  assignee: Type.Optional(Type.String({ maxLength: 64, description: '"me" or a user id' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
}, { additionalProperties: false })
export type DraftQuery = Static<typeof DraftQuery>

export async function listDrafts(db: Database, actor: Actor, query: DraftQuery) {
  const statuses = (query.status ?? 'open,held,handed_back').split(',').map((s) => s.trim()).filter(Boolean)
  let q = db.selectFrom('drafts').selectAll().where('status', 'in', statuses)
  if (actor.shops !== null) q = q.where('shop_code', 'in', ['', ...actor.shops])
  if (query.shop) q = q.where('shop_code', 'in', query.shop.split(','))
  if (query.assignee) q = q.where('assignee_id', '=', query.assignee === 'me' ? actor.id : query.assignee)
  const rows = await q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(query.limit ?? 100).execute()
  const ids = rows.flatMap((r) => (r.customer && 'id' in r.customer ? [r.customer.id] : []))
  const names = new Map((ids.length ? await db.selectFrom('customers').select(['id', 'name']).where('id', 'in', ids).execute() : []).map((c) => [c.id, c.name]))
  return rows.map((r) => ({
    id: r.id, shop: r.shop_code, status: r.status,
    customerName: r.customer ? ('id' in r.customer ? names.get(r.customer.id) ?? null : r.customer.name) : null,
    lineCount: r.lines.length, assignee: r.assignee_name, holdUntil: r.hold_until?.toISOString() ?? null,
    source: r.source, orderId: r.order_id, updatedAt: r.updated_at.toISOString(),
  }))
}
