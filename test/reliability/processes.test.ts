/**
 * Several processes on one PostgreSQL, as a shop that outgrew one machine runs Ordo: two
 * `ordo serve --no-worker` behind a round-robin "load balancer" and two `ordo worker`.
 * Under load, with a gateway that takes its time and one app process killed in the middle
 * (card payments cut off between their two transactions), every invariant of the
 * reliability suite holds, and the workers finish what the dead process left.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts'
import { createScratchDatabase } from '../scratch-db.ts'
import { startServerProcess, type ServerProcess } from '../server-process.ts'
import type { Api } from '../harness.ts'
import { allViolations } from './invariants.ts'
import { placed, runFloor, setUpFloor } from './driver.ts'
import { processApi } from './process-api.ts'

const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const token = 'processes-test-admin-token-0123456789'
// The gateway takes 300 ms, as a real one: card payments spend most of their time between the two transactions.
const appEnv = { ORDO_ADMIN_TOKEN: token, ORDO_TEST_GATEWAY_LATENCY_MS: '300' }
// The process that will be killed hears from its gateway only after 10 s (under the 15 s
// timeout), so when it dies every card payment it started is known to be waiting.
const doomedEnv = { ...appEnv, ORDO_TEST_GATEWAY_LATENCY_MS: '10000' }

function startWorker(databaseUrl: string): ChildProcess {
  return spawn(process.execPath, ['bin/ordo.js', 'worker'], {
    cwd: new URL('../..', import.meta.url).pathname,
    env: {
      ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ORDO_TEST_GATEWAY_LATENCY_MS: '40',
      ORDO_PAYMENT_RECOVERY_INTERVAL_MS: '2000', ORDO_PAYMENT_RECOVERY_AGE_MS: '3000', ORDO_ALLOCATION_INTERVAL_MS: '5000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}

/** A load balancer: each request to the next live app process. */
const balanced = (servers: () => ServerProcess[]): Api => {
  let next = 0
  return processApi(() => servers()[next++ % servers().length], token)
}

describe('several processes', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>
  let handle: DatabaseHandle
  let apps: ServerProcess[] = []
  const workers: ChildProcess[] = []
  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl, 'ordo_procs')
    // The first start migrates; the second finds the schema current.
    for (const env of [doomedEnv, appEnv]) apps.push(await startServerProcess(scratch.url, env, { args: ['--no-worker'] }))
    for (let i = 0; i < 2; i++) workers.push(startWorker(scratch.url))
    handle = await openDatabase({ databaseUrl: scratch.url, poolSize: 2 })
  })
  afterAll(async () => {
    for (const app of apps) await app.stop()
    for (const w of workers) { w.kill('SIGTERM'); if (w.exitCode === null) await new Promise((r) => w.once('exit', r)) }
    await handle?.close()
    await scratch?.drop()
  })

  it('two app processes and two workers under load, one app killed: every invariant holds', async () => {
    const api = balanced(() => apps)
    const floor = await setUpFloor(api)
    const load = runFloor(api, floor, 16, 700)
    await sleep(4000)
    // One app process dies with requests in flight, card payments among them, waiting for
    // the gateway; the balancer sends the rest to the other.
    const started = sql<{ n: number }>`select count(*)::int as n from payment_attempts where state = 'started'`
    // Payments started over a second ago are the doomed process's: the other answers in 300 ms.
    const waiting = sql<{ n: number }>`select count(*)::int as n from payment_attempts where state = 'started' and started_at < now() - interval '1 second'`
    while ((await waiting.execute(handle.db)).rows[0].n < 4) await sleep(20)
    const dead = apps[0]
    dead.child.kill('SIGKILL')
    await new Promise((r) => dead.child.once('exit', r))
    apps = [apps[1]]
    const tally = await load
    expect(tally.serverErrors).toEqual([])

    // Card payments the dead process left between their two transactions are finished by a worker.
    const deadline = Date.now() + 60_000
    let pending = -1
    while (Date.now() < deadline) {
      pending = (await started.execute(handle.db)).rows[0].n
      if (pending === 0) break
      await sleep(1000)
    }
    expect(pending).toBe(0)

    const violations = await allViolations(handle.db, floor.received)
    const recovered = await sql<{ n: number }>`
      select count(*)::int as n from order_history where actor_name = 'payment-recovery'`.execute(handle.db)
    const ranBy = await sql<{ locked_by: string }>`select distinct locked_by from jobs where state = 'done' and locked_by is not null`.execute(handle.db)
    console.log(`processes: ${tally.requests} requests`, JSON.stringify(tally.byStatus), `history entries by recovery: ${recovered.rows[0].n}, workers that ran jobs: ${ranBy.rows.length}, violations: ${violations.length}`)
    expect(violations).toEqual([])
    // The dead process left payments between their two transactions, and a worker finished them.
    expect(recovered.rows[0].n).toBeGreaterThan(0)
    expect(placed(tally)).toBeGreaterThan(100)
    // Both workers took jobs from the one queue.
    expect(ranBy.rows.length).toBe(2)
  })
})
