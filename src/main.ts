/** The `ordo` command line: serve, worker, export, migrate, seed, token create. */
import { Command, InvalidArgumentError } from 'commander'
import { registerUserCommands, shopOption } from './auth/cli.ts'
import { loadConfig, type Config } from './config.ts'
import type { Database } from './db/database.ts'
import { setFlagsFromString } from 'node:v8'

// Each command loads its own modules when it runs: `ordo export` or `ordo worker` need not
// hold the whole server (and the memory its modules take) in their process.
const server = () => import('./server.ts')

/** Opens the configured database, brings it to the latest schema, runs `work`, closes it. */
async function withDatabase<T>(config: Config, work: (db: Database, migrations: string[]) => Promise<T>): Promise<T> {
  const { openDatabase } = await import('./db/database.ts')
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize })
  try {
    const migrations = await (await server()).prepareDatabase(handle.db)
    return await work(handle.db, migrations)
  } finally {
    await handle.close()
  }
}

async function serve(options: { worker: boolean }): Promise<void> {
  const { startServer } = await server()
  const running = await startServer(loadConfig(), { worker: options.worker })
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) process.exit(1) // a second Ctrl-C does not wait
    stopping = true
    running.app.log.info(`${signal}: shutting down`)
    running.stop().then(() => process.exit(0), (error) => {
      console.error(error)
      process.exit(1)
    })
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

async function migrate(): Promise<void> {
  const applied = await withDatabase(loadConfig(), async (_db, migrations) => migrations)
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.')
}

const PLACED_AT_MOST = 500

async function seed(options: { orders: number; bulk?: number }): Promise<void> {
  const config = loadConfig()
  const { isEmpty, loadDemoData } = await import('./demo/load.ts')
  const { bulkOrders } = await import('./demo/bulk-orders.ts')
  await withDatabase(config, async (db) => {
    if (!await isEmpty(db)) throw new Error('The database already has shops: demo data goes only into an empty database.')
    // Past a few thousand, placing every order through the API would take hours: the living
    // part (open orders in every state) is placed, the rest is written as finished history.
    const placed = Math.min(options.orders, PLACED_AT_MOST)
    const bulk = (options.bulk ?? 0) + options.orders - placed
    const s = await loadDemoData(db, config, { orders: placed })
    console.log(`Loaded ${s.shops} shops, ${s.products} products, ${s.customers} customers and ${s.orders} orders in ${(s.ms / 1000).toFixed(1)} s.`)
    if (!bulk) return
    const started = Date.now()
    await bulkOrders(db, bulk, (done) => process.stderr.write(`\rWrote ${done} of ${bulk} finished orders`))
    console.error(`\nWrote ${bulk} finished orders straight in SQL in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
  })
}

async function createToken(options: { name: string; role?: string; expires?: Date; shop?: string[] }): Promise<void> {
  const input = { name: options.name, role: options.role, shops: options.shop, expiresAt: options.expires ?? null }
  const { createApiToken } = await import('./auth/tokens.ts')
  const created = await withDatabase(loadConfig(), (db) => createApiToken(db, input))
  const until = created.expiresAt ? `, expires ${created.expiresAt}` : ''
  console.error(`Created API token "${created.name}" (role ${created.role}${until}). It is shown only this once:`)
  console.log(created.token)
}

/**
 * `ordo export` runs in a small heap, set before its modules load (V8 fixes the heap's size
 * limits when the process starts, but reads these two flags whenever it resizes):
 * - the young generation stays at its starting size: the CSV passes hundreds of megabytes
 *   through Buffers that live for one chunk, freed at the next scavenge, and V8 grew the young
 *   generation to 32 MiB while data flowed, so tens of MiB of spent Buffers waited;
 * - the old generation grows by 40 % over what a full collection leaves (V8 lets it grow up to
 *   fourfold): XML and JSON Lines build every order's whole shape, and those shapes, outliving
 *   the small young generation, piled up as garbage in the old one.
 */
function keepHeapSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1')
  setFlagsFromString('--heap-growing-percent=40')
  // On the embedded database PGlite's WebAssembly stays with V8's baseline compiler: tier-up
  // is allowed only for a function index no module has. The optimising compiler, on PGlite's
  // hot functions, took the process from about 170 to 640-760 MiB for seconds; a larger tiering
  // budget (the flag meant for it) is spent by the CSV query's planning alone. `--liftoff-only`
  // does the same, but is marked for testing and works on the command line only.
  setFlagsFromString('--wasm-tier-up-filter=2147483647')
}

const positiveInt = (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number above 0')
  return n
}
const futureDate = (value: string) => {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('a date such as 2027-01-31')
  if (date.getTime() <= Date.now()) throw new InvalidArgumentError('a date in the future')
  return date
}

const program = new Command('ordo').description('Ordo, the order management back office')
  .showHelpAfterError()
program.command('serve').description('start the HTTP server (migrates, and loads demo data into an empty database)')
  .option('--no-worker', 'do not run the job worker in this process (run `ordo worker` instead)')
  .action(serve)
program.command('worker').description('run the job worker alone: e-mails, webhooks, exports, bulk runs, recurring jobs')
  .option('--once', 'run every job that is due now, then stop')
  .action(async (options) => (await import('./jobs/worker.command.ts')).runWorkerCommand(options))
program.command('export').description('stream orders as CSV, XML or JSON Lines (the search filters apply)')
  .option('--format <format>', 'csv, xml or jsonl', 'csv')
  .option('--out <file>', 'write to this file instead of stdout')
  .option('--status <statuses>', 'comma-separated order statuses')
  .option('--payment-status <statuses>', 'comma-separated payment statuses')
  .option('--shop <codes>', 'comma-separated shop codes')
  .option('--q <text>', 'order or invoice number, customer name or e-mail; "@text" searches addresses')
  .option('--sku <sku>', 'orders containing this article')
  .option('--from <date>', 'placed on or after')
  .option('--to <date>', 'placed on or before')
  .action(async (options) => {
    keepHeapSmall()
    return (await import('./exports/export.command.ts')).runExportCommand(options)
  })
program.command('migrate').description('bring the database to the latest schema').action(migrate)
program.command('seed').description('load demo data into an empty database')
  .option('--orders <n>', `how many orders: up to ${PLACED_AT_MOST} placed through the API, the rest written as finished history in SQL`, positiveInt, 250)
  .option('--bulk <n>', 'also write n finished orders straight in SQL (large databases for benchmarks)', positiveInt)
  .action(seed)
program.command('token').description('API tokens')
  .command('create').description('create an API token and print it (once)')
  .requiredOption('--name <name>', 'who or what uses the token')
  .option('--role <role>', 'administrator, call_centre, fulfilment, logistics, finance, read_only or a custom role', 'administrator')
  .option('--expires <date>', 'when the token stops working (ISO 8601 date)', futureDate)
  .option(...shopOption)
  .action(createToken)
program.command('backup').description('write a backup of the database (pg_dump on PostgreSQL, a PGlite dump on the embedded database)')
  .requiredOption('--out <file>', 'the backup file to write')
  .action(async (options: { out: string }) => {
    const { backupDatabase } = await import('./ops/backup.ts')
    const done = await backupDatabase(loadConfig(), options.out)
    console.error(`Wrote a ${done.kind} backup of ${done.bytes} bytes to ${options.out}.`)
  })
program.command('restore').description('replace the database with a backup made by `ordo backup` (stop the servers first)')
  .argument('<file>', 'the backup file')
  .action(async (file: string) => {
    const config = loadConfig()
    const { restoreDatabase } = await import('./ops/backup.ts')
    const done = await restoreDatabase(config, file)
    if (done.keptAs) console.error(`The data folder before the restore is kept in ${done.keptAs}.`)
    const applied = await withDatabase(config, async (_db, migrations) => migrations)
    console.error(`Restored the ${done.kind} database from ${file}${applied.length ? `, then applied ${applied.join(', ')}` : ''}.`)
  })
registerUserCommands(program, (work) => withDatabase(loadConfig(), (db) => work(db)))

try {
  await program.parseAsync()
} catch (error) {
  console.error(`ordo: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
