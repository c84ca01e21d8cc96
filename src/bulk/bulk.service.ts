/**
 * Bulk operations (A14): one action, e-mail or export cycle applied to many orders, run as
 * a job. The request is checked now (the caller's permissions, the filter); the job runs
 * each order in its own transaction as the caller, and records a result per order.
 */
import type { Actor } from '../auth/actor.ts'
import { actionPermissions, type Permission } from '../auth/permissions.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { enqueue } from '../jobs/queue.ts'
import { isOrderAction } from '../orders/order.machine.ts'
import { checkExportFilter, type ExportFilter } from '../exports/export-filter.ts'

export interface BulkRequest {
  action?: string
  input?: Record<string, unknown>
  email?: { event: string; recipient: 'customer' | 'shop' | 'call_centre' }
  export?: { state: string }
  orderIds?: string[]
  filter?: ExportFilter
}

const invalid = (path: string, message: string) =>
  new DomainError('validation_failed', `${path}: ${message}`, { errors: [{ path, message }] })

export async function startBulk(db: Database, actor: Actor, req: BulkRequest): Promise<{ jobId: number }> {
  const what = [req.action, req.email, req.export].filter((x) => x !== undefined).length
  if (what !== 1) throw invalid('action', 'give exactly one of action, email and export')
  if ((req.orderIds === undefined) === (req.filter === undefined)) throw invalid('orderIds', 'give either orderIds or filter')
  let needs: Permission
  if (req.action !== undefined) {
    if (!isOrderAction(req.action)) throw new DomainError('unknown_action', `There is no order action "${req.action}"`)
    needs = actionPermissions[req.action]
  } else needs = req.email ? 'mail.send' : 'exports.run'
  if (!actor.permissions.has(needs)) throw new DomainError('forbidden', `Your role (${actor.role}) does not allow this: it needs "${needs}"`, { permission: needs })
  if (req.filter) checkExportFilter(db, actor, req.filter)
  const [jobId] = await enqueue(db, [{
    kind: 'bulk', maxAttempts: 1, shops: actor.shops ?? [],
    payload: { ...req, actor: { kind: actor.kind, id: actor.id, name: actor.name, role: actor.role, permissions: [...actor.permissions], shops: actor.shops } },
  }])
  return { jobId }
}
