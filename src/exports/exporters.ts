/** The built-in exporters: write the order to a file in a folder, or POST it to a URL. */
import { mkdir, writeFile, rename } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Selectable } from 'kysely'
import type { ExportersTable } from '../db/tables/jobs.ts'
import { postJson } from '../webhooks/webhook-post.ts'
import { orderDocument } from './order-encode.ts'
import type { ExportedOrder } from './order-stream.ts'

export type ExporterRow = Selectable<ExportersTable>


const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_')

/** File exporters write below ORDO_EXPORT_DIR (default ./data/exports), into their target sub-folder. */
export const exportRoot = () => resolve(process.env.ORDO_EXPORT_DIR ?? './data/exports')

/** `csv` is the order's CSV document (from the database, orderCsvDocument), needed by CSV exporters only. */
export async function runExporter(exporter: ExporterRow, order: ExportedOrder, state: string, options: { allowPrivate: boolean; timeoutMs: number }, csv?: string): Promise<string> {
  const body = exporter.format === 'csv' ? csv! : orderDocument(exporter.format, order)
  if (exporter.kind === 'file') {
    const folder = join(exportRoot(), exporter.target)
    await mkdir(folder, { recursive: true })
    const file = join(folder, `${safe(order.number)}-${state}-${safe(exporter.name)}.${exporter.format}`)
    // Written whole, then renamed: whoever picks files up never sees half of one.
    await writeFile(`${file}.part`, body)
    await rename(`${file}.part`, file)
    return file
  }
  const type = exporter.format === 'json' ? 'application/json' : exporter.format === 'xml' ? 'application/xml' : 'text/csv'
  const r = await postJson(exporter.target, { 'content-type': type, 'x-ordo-export-state': state, 'x-ordo-order': order.id }, body, options.timeoutMs, options.allowPrivate)
  if (r.status === null || r.status < 200 || r.status >= 300) throw new Error(`${exporter.name}: ${r.error ?? `answered ${r.status}`}`)
  return `${exporter.target} ${r.status}`
}
