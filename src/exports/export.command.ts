/** `ordo export`: the streaming export to a file or stdout, with a progress bar in a terminal. */
import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { systemActor } from '../auth/actor.ts'
import { loadConfig } from '../config.ts'
import { openDatabase } from '../db/database.ts'
import { prepareDatabase } from '../server.ts'
import { encodeOrders, exportFormats, type ExportFormat } from './export-formats.ts'
import { checkExportFilter, countOrders, streamOrders, type ExportFilter } from './order-stream.ts'

export interface ExportOptions extends ExportFilter { format: string; out?: string }

export async function runExportCommand(options: ExportOptions): Promise<void> {
  const { format, out, ...filter } = options
  if (!(exportFormats as readonly string[]).includes(format)) throw new Error(`--format must be one of ${exportFormats.join(', ')}`)
  const config = loadConfig()
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    await prepareDatabase(handle.db)
    const actor = systemActor('cli-export')
    checkExportFilter(handle.db, actor, filter)
    const bar = process.stderr.isTTY ? progressBar(await countOrders(handle.db, actor, filter)) : undefined
    const chunks = encodeOrders(format as ExportFormat, streamOrders(handle.db, actor, filter), bar?.tick)
    await pipeline(Readable.from(chunks), out ? createWriteStream(out) : process.stdout)
    bar?.done()
  } finally {
    await handle.close()
  }
}

function progressBar(total: number) {
  let n = 0
  const draw = () => {
    const width = 30
    const filled = total === 0 ? width : Math.round((n / total) * width)
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n}/${total} orders`)
  }
  draw()
  return {
    tick: () => { n++; if (n % 100 === 0 || n === total) draw() },
    done: () => { draw(); process.stderr.write('\n') },
  }
}
