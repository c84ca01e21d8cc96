/** Starts Ordo: database, migrations, demo data, first-run token, HTTP server, allocation job. */
import pino from 'pino'
import type { Config } from './config.ts'
import { openDatabase, type Database } from './db/database.ts'
import type { PaymentGateway } from './payments/gateway.ts'
import { migrateToLatest } from './db/migrate.ts'
import { buildApp, type App } from './app.ts'
import { createTestGateway } from './payments/test-gateway.ts'
import { createApiToken } from './auth/tokens.ts'
import { syncBuiltInRoles } from './auth/roles.service.ts'
import { systemActor } from './auth/actor.ts'
import { runAllocation } from './jobs/allocation.job.ts'
import { isEmpty, loadDemoData } from './demo/load.ts'

export interface RunningServer {
  app: App
  url: string
  /** Stops taking requests, waits for a running job, closes the database. */
  stop(): Promise<void>
}

export async function startServer(config: Config): Promise<RunningServer> {
  const log = pino({ level: config.logLevel })
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  log.info({ database: handle.kind === 'pglite' ? config.dataDir : 'postgres' }, `Opened the ${handle.kind} database`)
  let firstRunToken: string | undefined
  try {
    const applied = await prepareDatabase(handle.db)
    if (applied.length > 0) log.info({ migrations: applied }, 'Migrated the database')
    const neverHadToken = (await handle.db.selectFrom('api_tokens').select('id').limit(1).executeTakeFirst()) === undefined
    if (config.demo && await isEmpty(handle.db)) {
      log.info('The database is empty: loading demo data (ORDO_DEMO=0 turns this off)')
      const summary = await loadDemoData(handle.db, config)
      log.info(summary, 'Loaded demo data')
    }
    if (neverHadToken && !config.adminToken) firstRunToken = (await createApiToken(handle.db, 'first-run')).token
  } catch (error) {
    await handle.close()
    throw error
  }

  const gateway = createTestGateway()
  const app = await buildApp({ db: handle.db, config, gateway }, { logger: { level: config.logLevel } })
  const url = await app.listen({ port: config.port, host: config.host })
  if (firstRunToken) printFirstRunToken(firstRunToken, config)
  const allocation = scheduleAllocation(handle.db, gateway, config.allocationIntervalMs, log)
  const stop = async () => {
    await app.close()
    await allocation.stop()
    await handle.close()
  }
  return { app, url, stop }
}

/** Brings the schema to the latest version and the built-in roles in line with the code. */
export async function prepareDatabase(db: Database): Promise<string[]> {
  const applied = await migrateToLatest(db)
  await syncBuiltInRoles(db)
  return applied
}

/** Runs the allocation job every `intervalMs`; a run never starts while the last one is still going. */
function scheduleAllocation(db: Database, gateway: PaymentGateway, intervalMs: number, log: pino.Logger) {
  let running: Promise<void> | undefined
  const tick = () => {
    if (running) return
    running = runAllocation(db, gateway, systemActor('allocation-job'))
      .then((result) => log.debug({ result }, 'Allocation job ran'))
      .catch((error) => log.error({ err: error }, 'Allocation job failed'))
      .finally(() => { running = undefined })
  }
  const timer = intervalMs > 0 ? setInterval(tick, intervalMs) : undefined
  timer?.unref()
  return {
    async stop() {
      if (timer) clearInterval(timer)
      await running
    },
  }
}

function printFirstRunToken(token: string, config: Config): void {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  const line = '='.repeat(78)
  process.stdout.write([
    '', line,
    '  Ordo created an API token for you. It is shown only this once: keep it.',
    '',
    `    ${token}`,
    '',
    '  Try it:',
    `    curl -H "Authorization: Bearer ${token}" "http://${host}:${config.port}/api/v1/orders?limit=5"`,
    '',
    '  Make more with `npx ordo token create --name <name>`, or set ORDO_ADMIN_TOKEN.',
    line, '', '',
  ].join('\n'))
}
