/** Runs a bulk operation order by order, saving progress and results as it goes. */
import type { Actor } from '../auth/actor.ts'
import type { Permission } from '../auth/permissions.ts'
import { inTransaction } from '../db/transaction.ts'
import { withGatewayOutside } from '../payments/gateway-outside.ts'
import { DomainError } from '../http/errors.ts'
import type { JobKind } from '../jobs/job-kind.ts'
import { runOrderAction } from '../orders/order-actions.ts'
import { findOrderHeader } from '../orders/order.repo.ts'
import { runExportCycle } from '../exports/export-cycle.ts'
import { streamOrderIds } from './bulk-orders.ts'
import { sendOrderMail } from '../notifications/mail.job.ts'
import type { BulkRequest } from './bulk.service.ts'
import { currentActor } from '../auth/current-actor.ts'

const stoppedBecause = 'The account or token that started this job was deactivated, revoked or has expired'

export interface BulkResult { orderId: string; status: 'done' | 'refused'; code?: string; reason?: string }

export const bulkJob: JobKind = {
  maxAttempts: 1,
  retryIn: () => undefined,
  async run({ job, deps, progress }) {
    const req = job.payload as unknown as BulkRequest & { actor: Omit<Actor, 'permissions'> & { permissions: Permission[] } }
    let actor = await currentActor(deps.db, { ...req.actor, permissions: new Set(req.actor.permissions) })
    if (!actor) return { total: 0, done: 0, refused: 0, results: [], stopped: stoppedBecause }
    const ids = req.orderIds ?? await streamOrderIds(deps.db, actor, req.filter!)
    const results: BulkResult[] = []
    const summary = () => ({ total: ids.length, done: results.filter((r) => r.status === 'done').length, refused: results.filter((r) => r.status === 'refused').length, results })
    for (const [i, orderId] of ids.entries()) {
      results.push(await runOne(deps, actor, req, orderId))
      // Every ten orders: progress (a cancelled job stops here), and whether whoever started it still may.
      if (i % 10 === 9) {
        if (!await progress(summary())) return { ...summary(), cancelled: true }
        actor = await currentActor(deps.db, actor)
        if (!actor) return { ...summary(), stopped: stoppedBecause }
      }
    }
    return summary()
  },
}

async function runOne(deps: Parameters<JobKind['run']>[0]['deps'], actor: Actor, req: BulkRequest, orderId: string): Promise<BulkResult> {
  try {
    if (req.action) {
      const outcome = await withGatewayOutside(deps.db, actor, () => inTransaction(deps.db, (trx) => runOrderAction(trx, deps.gateway, actor, orderId, req.action!, req.input ?? {})))
      if (!outcome.ok) return { orderId, status: 'refused', code: outcome.error.code, reason: outcome.error.message }
    } else if (req.email) {
      const order = await findOrderHeader(actor, deps.db, orderId)
      const sent = await sendOrderMail(deps, { shop: order.shop_code, orderId, eventId: null, event: req.email.event, recipient: req.email.recipient, payload: {} })
      if ('skipped' in sent) return { orderId, status: 'refused', code: 'mail_skipped', reason: String(sent.skipped) }
    } else if (req.export) {
      await findOrderHeader(actor, deps.db, orderId)
      const r = await runExportCycle(deps.db, deps.settings, orderId, req.export.state, [])
      if (r.blocked) return { orderId, status: 'refused', code: 'export_blocked', reason: 'The order is blocked from export' }
    }
    return { orderId, status: 'done' }
  } catch (error) {
    if (error instanceof DomainError) return { orderId, status: 'refused', code: error.code, reason: error.message }
    return { orderId, status: 'refused', code: 'failed', reason: (error as Error).message }
  }
}
