/** Starts Ordo: database, migrations, demo data, first-run token, HTTP server, the worker (jobs, allocation included). */
import pino from 'pino'
import type { Config } from './config.ts'
import { openDatabase, type Database } from './db/database.ts'
import { migrateToLatest } from './db/migrate.ts'
import { buildApp, type App } from './app.ts'
import { createTestGateway } from './payments/test-gateway.ts'
import { createApiToken } from './auth/tokens.ts'
import { ensureFirstAdministrator, firstLoginBanner, type FirstLogin } from './auth/first-run.ts'
import { startWorker } from './jobs/worker.ts'
import { loadWorkerSettings } from './jobs/worker-settings.ts'
import { demoActor, isEmpty, loadDemoData } from './demo/load.ts'
import { createLogger, loggerOptions } from './ops/logger.ts'

export interface RunningServer {
  app: App
  url: string
  /** Stops taking requests, waits for a running job, closes the database. */
  stop(): Promise<void>
}

/** `worker: false` (ordo serve --no-worker) leaves the jobs to separate `ordo worker` processes. */
export async function startServer(config: Config, options: { worker?: boolean } = {}): Promise<RunningServer> {
  const log = createLogger(config.logLevel)
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize })
  log.info({ database: handle.kind === 'pglite' ? config.dataDir : 'postgres' }, `Opened the ${handle.kind} database`)
  let firstRun: FirstRun
  try {
    firstRun = await prepareFirstStart(handle.db, config, log)
  } catch (error) {
    await handle.close()
    throw error
  }

  const gateway = createTestGateway()
  const app = await buildApp({ db: handle.db, config, gateway }, { logger: loggerOptions(config.logLevel) })
  const url = await app.listen({ port: config.port, host: config.host })
  if (firstRun.token) printFirstRunToken(firstRun.token, config)
  if (firstRun.login) process.stdout.write(firstLoginBanner(firstRun.login, browsableUrl(config)))
  // The allocation job is one of the worker's recurring jobs (src/jobs/recurring.ts).
  const worker = options.worker === false ? undefined
    : startWorker({ db: handle.db, gateway, settings: { ...loadWorkerSettings(), allocationIntervalMs: config.allocationIntervalMs } }, log)
  const stop = async () => {
    await app.close()
    await worker?.stop()
    await handle.close()
    log.info('Stopped')
  }
  return { app, url, stop }
}

interface FirstRun { token?: string; login?: FirstLogin }

/**
 * Migrates; on a database without staff makes the first administrator; loads demo data
 * into an empty database (unless turned off); and on a database that never had a token,
 * with no ORDO_ADMIN_TOKEN, makes one. What was made is printed once.
 */
async function prepareFirstStart(db: Database, config: Config, log: pino.Logger): Promise<FirstRun> {
  const applied = await prepareDatabase(db)
  if (applied.length > 0) log.info({ migrations: applied }, 'Migrated the database')
  const login = await ensureFirstAdministrator(db)
  // The demo loader's own short-lived token does not count: it was never anyone's.
  const someToken = await db.selectFrom('api_tokens').select('id')
    .where((eb) => eb.or([eb('created_by', 'is', null), eb('created_by', '!=', demoActor.name)]))
    .limit(1).executeTakeFirst()
  if (config.demo && await isEmpty(db)) {
    log.info('The database is empty: loading demo data (ORDO_DEMO=0 turns this off)')
    log.info(await loadDemoData(db, config), 'Loaded demo data')
  }
  if (someToken || config.adminToken) return { login }
  return { login, token: (await createApiToken(db, 'first-run')).token }
}

/** Brings the schema to the latest version and the built-in roles in line with the code (migrateToLatest does both). */
export async function prepareDatabase(db: Database): Promise<string[]> {
  return migrateToLatest(db)
}

/** The address to show a person: a server listening on every interface is reached at localhost. */
function browsableUrl(config: Config): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  return `http://${host}:${config.port}`
}

function printFirstRunToken(token: string, config: Config): void {
  const line = '='.repeat(78)
  process.stdout.write([
    '', line,
    '  Ordo created an API token for you. It is shown only this once: keep it.',
    '',
    `    ${token}`,
    '',
    '  Try it:',
    `    curl -H "Authorization: Bearer ${token}" "${browsableUrl(config)}/api/v1/orders?limit=5"`,
    '',
    '  Make more with `npx ordo token create --name <name>`, or set ORDO_ADMIN_TOKEN.',
    line, '', '',
  ].join('\n'))
}
