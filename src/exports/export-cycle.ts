/**
 * One export cycle: every active exporter of the order's shop bound to the export state
 * runs, in order; the cycle leaves an entry in the order's history; exporters that name a
 * next state start that state's cycle, so exporters chain (never back into a state the
 * chain has passed). A blocked order is not exported: its cycle waits until it is unblocked.
 */
import { systemActor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { JobKind } from '../jobs/job-kind.ts'
import { PermanentJobError } from '../jobs/job-kind.ts'
import { backoff, enqueue } from '../jobs/queue.ts'
import { Journal } from '../orders/journal.ts'
import { loadOrder } from '../orders/order.repo.ts'
import type { WorkerSettings } from '../jobs/worker-settings.ts'
import { runExporter } from './exporters.ts'
import { exportedOrder } from './order-stream.ts'
import { orderCsvDocument } from './order-csv.ts'
import { b2bOf } from '../drafts/order-b2b.ts'

export interface CycleResult { blocked?: boolean; exporters: string[]; next: string[] }

export async function runExportCycle(db: Database, settings: WorkerSettings, orderId: string, state: string, chain: string[]): Promise<CycleResult> {
  const order = await loadOrder(db, orderId).catch(() => { throw new PermanentJobError(`No order ${orderId}`) })
  const journal = new Journal(systemActor('export-pipeline'))
  const blocked = await db.selectFrom('order_export_blocks').select('note').where('order_id', '=', orderId).executeTakeFirst()
  if (blocked) {
    journal.entry(orderId, 'export', { action: state, note: `Not exported: the order is blocked from export${blocked.note ? ` (${blocked.note})` : ''}` })
    await journal.flush(db)
    return { blocked: true, exporters: [], next: [] }
  }
  const exporters = await db.selectFrom('exporters').selectAll()
    .where('shop_code', '=', order.row.shop_code).where('export_state', '=', state).where('active', '=', true)
    .orderBy('position').orderBy('created_at').execute()
  const exported = exportedOrder(order, (await b2bOf(db, [orderId])).get(orderId) ?? null)
  const csv = exporters.some((e) => e.format === 'csv') ? await orderCsvDocument(db, orderId) : undefined
  const done: string[] = []
  for (const exporter of exporters) {
    await runExporter(exporter, exported, state, { allowPrivate: settings.webhooksAllowPrivate, timeoutMs: settings.webhookTimeoutMs }, csv)
    done.push(exporter.name)
  }
  const passed = [...chain, state]
  const next = [...new Set(exporters.map((e) => e.next_state).filter((s): s is string => s !== null && !passed.includes(s)))]
  await db.transaction().execute(async (trx) => {
    journal.entry(orderId, 'export', { action: state, note: `Exported by ${done.join(', ') || 'no exporter'}${next.length ? `; next: ${next.join(', ')}` : ''}` })
    await journal.flush(trx)
    await enqueue(trx, next.map((s) => ({ kind: 'export.cycle', payload: { orderId, state: s, chain: passed }, maxAttempts: 6, shops: [order.row.shop_code] })))
  })
  return { exporters: done, next }
}

export const exportCycleJob: JobKind = {
  maxAttempts: 6,
  retryIn: backoff(60_000, 3, 3_600_000),
  async run({ job, deps }) {
    const { orderId, state, chain } = job.payload as { orderId: string; state: string; chain?: string[] }
    return { ...await runExportCycle(deps.db, deps.settings, orderId, state, chain ?? []) }
  },
}
