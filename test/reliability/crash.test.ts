/**
 * Crashes: the server process is killed (SIGKILL, no goodbye) in the middle of load and
 * started again. No order is half-written, every invariant holds, and the shop goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setTimeout as sleep } from 'node:timers/promises'
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts'
import { createScratchDatabase } from '../scratch-db.ts'
import { startServerProcess, type ServerProcess } from '../server-process.ts'
import { allViolations } from './invariants.ts'
import { runFloor, setUpFloor } from './driver.ts'
import { paymentsAnswered, processApi } from './process-api.ts'

const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const CRASHES = 3

describe('crashes', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>
  let handle: DatabaseHandle
  let server: ServerProcess
  const token = 'crash-test-admin-token-0123456789'
  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl, 'ordo_crash')
    server = await startServerProcess(scratch.url, { ORDO_ADMIN_TOKEN: token })
  })
  afterAll(async () => {
    await server?.stop()
    await handle?.close()
    await scratch?.drop()
  })

  it(`survives ${CRASHES} kills in the middle of load with every invariant true`, async () => {
    const api = processApi(() => server)
    const floor = await setUpFloor(api)
    const unanswered = { count: 0 }
    for (let crash = 1; crash <= CRASHES; crash++) {
      const load = runFloor(api, floor, 16, 400)
      await sleep(1500 + crash * 500)
      server.child.kill('SIGKILL')
      await new Promise((resolve) => server.child.once('exit', resolve))
      const tally = await load
      unanswered.count += tally.byStatus['0'] ?? 0
      expect(tally.serverErrors).toEqual([])
      server = await startServerProcess(scratch.url, { ORDO_ADMIN_TOKEN: token })
    }
    // After the last restart the shop works as before.
    const restarted = new Date()
    const after = await runFloor(api, floor, 8, 200)
    expect(after.byStatus['0'] ?? 0).toBe(0)
    expect(after.serverErrors).toEqual([])

    handle = await openDatabase({ databaseUrl: scratch.url })
    // What the killed processes left started stays so; the live one's answers are recorded first.
    await paymentsAnswered(handle.db, { since: restarted })
    const violations = await allViolations(handle.db)
    const orders = await handle.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    console.log(`crashes: ${CRASHES} kills, ${unanswered.count} requests cut off, ${orders.n} orders checked, violations: ${violations.length}`)
    expect(unanswered.count).toBeGreaterThan(0)
    expect(violations).toEqual([])
  })
})
