/** Lists of returns: one order's, and the shops' (filtered to what the caller may see). */
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { findOrderHeader } from '../orders/order.repo.ts'
import { returnToApi } from './return.api.ts'
import { returnStatuses } from './return.machine.ts'
import { returnsOfOrder, withLines, type ReturnRow } from './return.repo.ts'

export async function listOrderReturns(db: Database, actor: Actor, orderId: string) {
  await findOrderHeader(actor, db, orderId)
  return (await returnsOfOrder(db, orderId)).map((r) => returnToApi(r, actor))
}

const csv = (s?: string) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : [])

export async function listReturns(db: Database, actor: Actor, q: { status?: string; shop?: string; limit?: number }) {
  const statuses = csv(q.status)
  const unknown = statuses.filter((s) => !(returnStatuses as readonly string[]).includes(s))
  if (unknown.length) {
    throw new DomainError('validation_failed', `status: unknown ${unknown.join(', ')}`, { errors: [{ path: 'status', message: `one of ${returnStatuses.join(', ')}` }] })
  }
  let shops = csv(q.shop)
  if (actor.shops !== null) shops = shops.length ? shops.filter((s) => actor.shops!.includes(s)) : [...actor.shops]
  if (actor.shops !== null && shops.length === 0) return []
  let query = db.selectFrom('returns as r').innerJoin('orders as o', 'o.id', 'r.order_id').selectAll('r').select('o.number as order_number')
  if (statuses.length) query = query.where('r.status', 'in', statuses)
  if (shops.length) query = query.where('r.shop_code', 'in', shops)
  const rows = await query.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(q.limit ?? 100).execute()
  const numbers = new Map(rows.map((r) => [r.id, r.order_number]))
  const states = await withLines(db, rows.map(({ order_number: _, ...r }) => r as ReturnRow))
  return states.map((s) => returnToApi(s, actor, numbers.get(s.row.id)))
}
