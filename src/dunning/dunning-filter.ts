/** The order search's dunning filters: `dunningLevel=1,2` and `overdue=true` (past due, unpaid, in the shop's time zone). */
import { sql, type ExpressionBuilder } from 'kysely'
import type { DB } from '../db/schema.ts'
import { DomainError } from '../http/errors.ts'

export interface DunningQuery { dunningLevel?: string; overdue?: boolean }

export function dunningCondition(eb: ExpressionBuilder<DB, 'orders'>, query: DunningQuery) {
  const levels = query.dunningLevel?.split(',').map((s) => s.trim()).filter(Boolean)
  if (levels?.some((l) => !['0', '1', '2'].includes(l))) {
    throw new DomainError('validation_failed', 'dunningLevel: one or more of 0, 1, 2', { errors: [{ in: 'querystring', path: 'dunningLevel', message: 'must be among 0, 1, 2' }] })
  }
  let q = eb.selectFrom('order_dunning as dn').select(sql`1`.as('one')).whereRef('dn.order_id', '=', 'orders.id').where('dn.cleared_at', 'is', null)
  if (levels?.length) q = q.where('dn.level', 'in', levels.map(Number))
  if (query.overdue) {
    q = q.where(sql<boolean>`dn.due_date < (now() at time zone coalesce((select p.time_zone from shop_profiles p where p.shop_code = dn.shop_code), 'Europe/Zurich'))::date`)
  }
  return eb.exists(q)
}
