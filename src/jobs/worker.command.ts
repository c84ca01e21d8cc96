/** `ordo worker`: runs the job worker alone, against the configured database, until stopped. */
import { createLogger } from '../ops/logger.ts'
import { loadConfig } from '../config.ts'
import { openDatabase } from '../db/database.ts'
import { createTestGateway } from '../payments/test-gateway.ts'
import { prepareDatabase } from '../server.ts'
import { createWorker, startWorker } from './worker.ts'
import { loadWorkerSettings } from './worker-settings.ts'

export async function runWorkerCommand(options: { once?: boolean }): Promise<void> {
  const config = loadConfig()
  const log = createLogger(config.logLevel)
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize })
  await prepareDatabase(handle.db)
  const deps = { db: handle.db, gateway: createTestGateway(), settings: { ...loadWorkerSettings(), allocationIntervalMs: config.allocationIntervalMs } }
  if (options.once) {
    const ran = await createWorker(deps, log).drain()
    log.info({ ran }, 'Ran every due job')
    await handle.close()
    return
  }
  const worker = startWorker(deps, log)
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) process.exit(1)
    stopping = true
    log.info(`${signal}: finishing the current job`)
    worker.stop().then(() => handle.close()).then(() => process.exit(0), () => process.exit(1))
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}
