/**
 * The order page's "Additional information" (A32): what is known about an order beyond its
 * lines and money, gathered from the tables that hold it. Where the customer came from
 * (source, IP address), which promotions applied, whether the export pipeline holds it back
 * and where each of its export cycles stands, and the customer's block and approval flags
 * with the reason last given for them.
 */
import { sql } from 'kysely'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { loadOrderFor } from './order.repo.ts'

export interface ExportCycleInfo {
  state: string
  /** queued, running, done, failed or cancelled: the job that runs the cycle. */
  job: string
  attempts: number
  /** The cycle ran but found the order blocked: it runs again when the block is lifted. */
  held: boolean
  lastError: string | null
  /** When it runs next (queued) or ran (done, failed). */
  at: string
}

export interface OrderInfo {
  orderId: string
  source: string
  customerIp: string | null
  promotions: { code: string; amount: number }[]
  exportBlock: { blocked: boolean; note: string | null; since: string | null }
  exports: ExportCycleInfo[]
  customer: { id: string; blocked: boolean; requiresApproval: boolean; flagReason: string | null; flaggedAt: string | null }
}

export async function orderInfo(db: Database, actor: Actor, orderId: string): Promise<OrderInfo> {
  const order = await loadOrderFor(actor, db, orderId)
  const o = order.row
  const [block, cycles, customer, flag] = await Promise.all([
    db.selectFrom('order_export_blocks').select(['note', 'blocked_at']).where('order_id', '=', o.id).executeTakeFirst(),
    // Served by jobs_export_cycle_order (0013_order_info): only export jobs are indexed by order.
    db.selectFrom('jobs').select(['state', 'attempts', 'last_error', 'run_at', 'finished_at', sql<string>`payload->>'state'`.as('export_state'),
      // A held cycle that was queued again on unblocking says so as wasBlocked.
      sql<boolean>`coalesce((result->>'blocked')::boolean, (result->>'wasBlocked')::boolean, false)`.as('held')])
      .where('kind', '=', 'export.cycle').where(sql<string>`payload->>'orderId'`, '=', o.id)
      .orderBy('id').limit(50).execute(),
    db.selectFrom('customers').select(['id', 'blocked', 'requires_approval']).where('id', '=', o.customer_id).executeTakeFirst(),
    db.selectFrom('customer_history').select(['reason', 'at'])
      .where('customer_id', '=', o.customer_id).where('type', '=', 'flag')
      .orderBy('id', 'desc').limit(1).executeTakeFirst(),
  ])
  return {
    orderId: o.id,
    source: o.source,
    customerIp: o.customer_ip,
    promotions: order.discounts ?? [],
    exportBlock: { blocked: block !== undefined, note: block?.note ?? null, since: block ? block.blocked_at.toISOString() : null },
    exports: cycles.map((c) => ({
      state: c.export_state, job: c.state, attempts: c.attempts, held: c.held, lastError: c.last_error,
      at: (c.finished_at ?? c.run_at).toISOString(),
    })),
    customer: {
      id: o.customer_id,
      blocked: customer?.blocked ?? false,
      requiresApproval: customer?.requires_approval ?? false,
      flagReason: flag?.reason ?? null,
      flaggedAt: flag ? flag.at.toISOString() : null,
    },
  }
}
