/** Exporters per shop (the export pipeline's configuration) and the per-order export block. */
import { randomUUID } from 'node:crypto'
import { isAbsolute } from 'node:path'
import { sql } from 'kysely'
import { seesShop, type Actor } from '../auth/actor.ts'
import { recordAudit } from '../auth/audit.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { enqueue } from '../jobs/queue.ts'
import { findOrderHeader } from '../orders/order.repo.ts'
import { getShop } from '../shops/shop.service.ts'
import { checkTarget } from '../webhooks/webhook-target.ts'
import type { ExporterRow } from './exporters.ts'
import type { ExportState } from './export-states.ts'

export interface ExporterInput {
  shop: string; name: string; state: ExportState; kind: 'file' | 'http'; format: 'csv' | 'xml' | 'json'
  target: string; nextState?: ExportState | null; position?: number; active?: boolean
}

export const exporterToApi = (e: ExporterRow) => ({
  id: e.id, shop: e.shop_code, name: e.name, state: e.export_state, kind: e.kind, format: e.format, target: e.target,
  nextState: e.next_state, position: e.position, active: e.active, createdAt: e.created_at.toISOString(),
})

export async function createExporter(trx: Database, actor: Actor, input: ExporterInput, allowPrivate: boolean) {
  await getShop(trx, actor, input.shop)
  if (input.kind === 'http') checkTarget(input.target, allowPrivate)
  else if (isAbsolute(input.target) || input.target.split(/[\\/]/).includes('..')) {
    throw new DomainError('validation_failed', 'target: a folder below the export directory, without ".."', { errors: [{ path: 'target', message: 'relative folder' }] })
  }
  if (input.nextState === input.state) throw new DomainError('validation_failed', 'nextState: must differ from state', { errors: [{ path: 'nextState', message: 'same as state' }] })
  const row = await trx.insertInto('exporters').values({
    id: randomUUID(), shop_code: input.shop, name: input.name, export_state: input.state, kind: input.kind, format: input.format,
    target: input.target, next_state: input.nextState ?? null, position: input.position ?? 0, active: input.active ?? true,
  }).returningAll().executeTakeFirstOrThrow()
  await recordAudit(trx, actor, 'exporter.create', 'exporter', row.id, { ...input })
  return exporterToApi(row)
}

export async function listExporters(db: Database, actor: Actor) {
  const rows = await db.selectFrom('exporters').selectAll().orderBy('shop_code').orderBy('export_state').orderBy('position').execute()
  return rows.filter((r) => seesShop(actor, r.shop_code)).map(exporterToApi)
}

export async function deleteExporter(trx: Database, actor: Actor, id: string): Promise<void> {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await trx.selectFrom('exporters').select('shop_code').where('id', '=', id).executeTakeFirst() : undefined
  if (!row || !seesShop(actor, row.shop_code)) throw new DomainError('exporter_not_found', `There is no exporter "${id}"`)
  await trx.deleteFrom('exporters').where('id', '=', id).execute()
  await recordAudit(trx, actor, 'exporter.delete', 'exporter', id, {})
}

/** Blocks or unblocks an order's export; unblocking runs the cycles that waited for it. */
export async function setExportBlock(trx: Database, actor: Actor, orderId: string, input: { blocked: boolean; note?: string }) {
  await findOrderHeader(actor, trx, orderId)
  if (input.blocked) {
    await trx.insertInto('order_export_blocks').values({ order_id: orderId, note: input.note ?? null })
      .onConflict((oc) => oc.column('order_id').doUpdateSet({ note: input.note ?? null })).execute()
  } else {
    const removed = await trx.deleteFrom('order_export_blocks').where('order_id', '=', orderId).executeTakeFirst()
    if (Number(removed.numDeletedRows) > 0) {
      const waiting = await trx.selectFrom('jobs').select(['payload', 'shops'])
        .where('kind', '=', 'export.cycle').where('state', '=', 'done')
        .where(sql<string>`payload->>'orderId'`, '=', orderId).where(sql<string>`result->>'blocked'`, '=', 'true').execute()
      await enqueue(trx, waiting.map((j) => ({ kind: 'export.cycle', payload: j.payload, maxAttempts: 6, shops: j.shops })))
      // Once re-run, those cycles are no longer waiting.
      await trx.updateTable('jobs').set({ result: JSON.stringify({ wasBlocked: true, resumed: true }) })
        .where('kind', '=', 'export.cycle').where(sql<string>`payload->>'orderId'`, '=', orderId).where(sql<string>`result->>'blocked'`, '=', 'true').execute()
    }
  }
  await recordAudit(trx, actor, input.blocked ? 'order.export_block' : 'order.export_unblock', 'order', orderId, { note: input.note ?? null })
  return { orderId, blocked: input.blocked, note: input.blocked ? input.note ?? null : null }
}
