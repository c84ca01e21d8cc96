/** `ordo export`: the streaming export to a file or stdout, with a progress bar in a terminal. */
import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { systemActor, type Actor } from '../auth/actor.ts'
import { loadConfig } from '../config.ts'
import { openDatabase, type Database } from '../db/database.ts'
import { isReadOnly, migrateToLatest, pendingMigrations } from '../db/migrate.ts'
import { exportFormats, type ExportFormat } from './export-formats.ts'
import { checkExportFilter, countOrders, type ExportFilter } from './export-filter.ts'
import { countCsvRows, streamOrdersCsv } from './order-csv.ts'
import { collectEvery } from './heap-bound.ts'

export interface ExportOptions extends ExportFilter { format: string; out?: string }

export async function runExportCommand(options: ExportOptions): Promise<void> {
  const { format, out, ...filter } = options
  if (!(exportFormats as readonly string[]).includes(format)) throw new Error(`--format must be one of ${exportFormats.join(', ')}`)
  const config = loadConfig()
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, small: true })
  try {
    // On a read replica nothing can be written: the schema must already be the code's.
    if (await isReadOnly(handle.db)) {
      const pending = await pendingMigrations(handle.db)
      if (pending.length) throw new Error(`The database is read-only and its schema is behind (${pending.join(', ')}): migrate the primary first`)
    } else {
      await migrateToLatest(handle.db)
    }
    const actor = systemActor('cli-export')
    checkExportFilter(handle.db, actor, filter)
    // CSV counts its rows (one per order line), XML and JSON Lines their orders.
    const total = () => format === 'csv' ? countCsvRows(handle.db, actor, filter) : countOrders(handle.db, actor, filter)
    const bar = process.stderr.isTTY ? progressBar(await total(), format === 'csv' ? 'rows' : 'orders') : undefined
    const chunks = format === 'csv' ? streamOrdersCsv(handle.db, actor, filter, undefined, bar?.tick)
      : await ordersAs(format as Exclude<ExportFormat, 'csv'>, handle.db, actor, filter, bar?.tick)
    await pipeline(Readable.from(chunks), out ? createWriteStream(out) : process.stdout)
    bar?.done()
  } finally {
    await handle.close()
  }
}

/** Orders read at a time for XML and JSON Lines; the heap is collected after each such batch. */
const exportBatchSize = 500

/** XML and JSON Lines build each order's whole shape, with the modules that know it: loaded only for them. */
async function ordersAs(format: Exclude<ExportFormat, 'csv'>, db: Database, actor: Actor, filter: ExportFilter, onOrder?: () => void) {
  const [{ encodeOrders }, { streamOrders }] = await Promise.all([import('./order-encode.ts'), import('./order-stream.ts')])
  const collect = collectEvery(exportBatchSize)
  return encodeOrders(format, streamOrders(db, actor, filter, exportBatchSize), () => { onOrder?.(); collect() })
}

function progressBar(total: number, unit: string) {
  let n = 0
  const draw = () => {
    const width = 30
    const filled = total === 0 ? width : Math.min(width, Math.round((n / total) * width))
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n}/${total} ${unit}`)
  }
  draw()
  return {
    tick: () => { n++; if (n % 100 === 0 || n === total) draw() },
    done: () => { draw(); process.stderr.write('\n') },
  }
}
