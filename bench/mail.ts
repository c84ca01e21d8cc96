/**
 * Mail: how fast the worker drains the e-mail jobs that placements queue. Orders are placed
 * through the API (card, immediate capture: order and payment e-mails), their events copied
 * until there are about `jobs` e-mail jobs, then one worker drains them: jobs one by one
 * (ORDO_WORKER_BATCH_JOBS=0, ten claimed at a time as before) and in batches. The baseline
 * claims the same jobs with the worker's own SQL and marks them done, with no e-mail made.
 * With BEFORE_SRC pointing at the src/ of an earlier checkout, its worker runs too.
 *   node bench/mail.ts [jobs, default 6000] [orders placed, default 200]
 */
import { sql } from 'kysely'
import { loadWorkerSettings } from '../src/jobs/worker-settings.ts'
import { createWorker } from '../src/jobs/worker.ts'
import { dispatchEvents } from '../src/jobs/dispatch.ts'
import { createTestGateway } from '../src/payments/test-gateway.ts'
import type { Database } from '../src/db/database.ts'
import { rawPool, scratchDatabase } from './lib/database.ts'
import { startServerProcess } from '../test/server-process.ts'
import { round } from './lib/load.ts'
import { report } from './lib/report.ts'
import { client, makeWorld, orderBody } from './lib/world.ts'

const wanted = Number(process.argv[2] ?? 6000)
const placed = Number(process.argv[3] ?? 200)

const db = await scratchDatabase()
const server = await startServerProcess(db.url, {}, { args: ['--no-worker'] })
try {
  const api = client(server.url, server.token)
  const world = await makeWorld(api, { products: 5, stock: 1_000_000, customers: 20 })
  let n = 0
  await Promise.all(Array.from({ length: 8 }, async (_, c) => {
    while (n < placed) {
      n++
      const res = await api.call('POST', '/orders', orderBody(world, c, 3))
      if (res.status !== 201) throw new Error(`placement: ${res.status} ${JSON.stringify(res.body)}`)
    }
  }))
  await server.stop()
  const jobs = await queueMailJobs(db.handle.db, wanted)
  console.error(`${jobs} e-mail jobs from ${placed} orders`)

  const rows = []
  const settings = { ...loadWorkerSettings({}), allocationIntervalMs: 0, paymentRecoveryIntervalMs: 0 }
  const raw = await rawDrain(db.url)
  rows.push(row('baseline: claimed and marked done by raw SQL (50 at a time)', raw, raw))
  if (process.env.BEFORE_SRC) {
    const before = await import(`${process.env.BEFORE_SRC}/jobs/worker.ts`) as { createWorker: typeof createWorker }
    rows.push(row('before: one by one (previous worker)', await drain(() => before.createWorker({ db: db.handle.db, gateway: createTestGateway(), settings: { ...settings, batchSize: 10 } }).drain()), raw))
  }
  rows.push(row('one by one (ORDO_WORKER_BATCH_JOBS=0, 10 claimed)', await drain(() => createWorker({ db: db.handle.db, gateway: createTestGateway(), settings: { ...settings, batchSize: 10, batchJobs: false } }).drain()), raw))
  rows.push(row('batched (50 claimed)', await drain(() => createWorker({ db: db.handle.db, gateway: createTestGateway(), settings }).drain()), raw))
  rows.push(row('batched, two workers', await drain(async () => {
    const [a, b] = await Promise.all([0, 1].map(() => createWorker({ db: db.handle.db, gateway: createTestGateway(), settings }).drain()))
    return a + b
  }), raw))
  await report('mail', `node bench/mail.ts ${wanted} ${placed}`, rows, { orders: placed, mailJobs: jobs }, db.url)

  /** Resets the e-mail jobs to queued and the outbox to empty, then times `work` draining them. */
  async function drain(work: () => Promise<number>) {
    await reset(db.handle.db)
    const started = performance.now()
    await work()
    const seconds = (performance.now() - started) / 1000
    const done = Number((await sql<{ n: number }>`select count(*)::int as n from jobs where kind = 'mail.send' and state = 'done'`.execute(db.handle.db)).rows[0].n)
    const mails = Number((await sql<{ n: number }>`select count(*)::int as n from mail_messages`.execute(db.handle.db)).rows[0].n)
    return { jobs: done, mails, seconds }
  }
} finally {
  await server.stop()
  await db.drop()
}

type Drained = { jobs: number; mails: number; seconds: number }
function row(run: string, d: Drained, raw: Drained) {
  return { run, jobs: d.jobs, 'e-mails recorded': d.mails, seconds: round(d.seconds), 'jobs/s': round(d.jobs / d.seconds, 0), 'of raw SQL': round((d.jobs / d.seconds) / (raw.jobs / raw.seconds), 3) }
}

/** Copies the placements' events until their e-mail jobs are about `wanted`, then hands them to jobs. */
async function queueMailJobs(database: Database, target: number): Promise<number> {
  await drainEvents(database)
  const perRound = Number((await sql<{ n: number }>`select count(*)::int as n from jobs where kind = 'mail.send'`.execute(database)).rows[0].n)
  const copies = Math.max(0, Math.ceil(target / Math.max(1, perRound)) - 1)
  await sql`
    insert into events (type, order_id, shop_code, payload, created_at)
    select e.type, e.order_id, e.shop_code, e.payload, e.created_at
    from events e cross join generate_series(1, ${copies}) as g
    where e.id in (select (payload->>'eventId')::bigint from jobs where kind = 'mail.send')`.execute(database)
  await drainEvents(database)
  // The other jobs of the placements (webhooks, exports: none set up) are not timed.
  await sql`delete from jobs where kind <> 'mail.send'`.execute(database)
  return Number((await sql<{ n: number }>`select count(*)::int as n from jobs where kind = 'mail.send'`.execute(database)).rows[0].n)
}

async function drainEvents(database: Database) {
  while (await dispatchEvents(database, 500) > 0) { /* until every event has its jobs */ }
}

async function reset(database: Database) {
  await sql`delete from mail_messages`.execute(database)
  await sql`delete from jobs where kind <> 'mail.send'`.execute(database)
  await sql`update jobs set state = 'queued', attempts = 0, locked_by = null, locked_until = null, run_at = now() - interval '1 second',
    result = null, last_error = null, finished_at = null where kind = 'mail.send'`.execute(database)
}

/** The physical limit: the worker's claim and a done mark, nothing in between. */
async function rawDrain(url: string): Promise<Drained> {
  await reset(db.handle.db)
  const pool = rawPool(url, 1)
  const started = performance.now()
  let jobs = 0
  for (;;) {
    const { rows } = await pool.query(`
      update jobs set state = 'running', attempts = attempts + 1, locked_by = 'raw', locked_until = now() + interval '60 seconds', updated_at = now()
      where id in (select id from jobs where (state = 'queued' and run_at <= now()) or (state = 'running' and locked_until < now())
                   order by run_at, id limit 50 for update skip locked)
      returning id`)
    if (rows.length === 0) break
    await pool.query(`update jobs set state = 'done', locked_until = null, finished_at = now(), updated_at = now() where id = any($1::bigint[])`, [rows.map((r) => r.id)])
    jobs += rows.length
  }
  const seconds = (performance.now() - started) / 1000
  await pool.end()
  return { jobs, mails: 0, seconds }
}
