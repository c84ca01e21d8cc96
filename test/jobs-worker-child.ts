/** A worker in its own process, for the tests that kill one or run two (see jobs-workers.test.ts). */
import { openDatabase } from '../src/db/database.ts'
import { startWorker } from '../src/jobs/worker.ts'
import { loadWorkerSettings } from '../src/jobs/worker-settings.ts'
import { createTestGateway } from '../src/payments/test-gateway.ts'

const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 4 })
const worker = startWorker({ db: handle.db, gateway: createTestGateway(), settings: { ...loadWorkerSettings(), allocationIntervalMs: 0 } })
process.stdout.write(`ready ${worker.id}\n`)
process.on('SIGTERM', () => { worker.stop().then(() => handle.close()).then(() => process.exit(0)) })
