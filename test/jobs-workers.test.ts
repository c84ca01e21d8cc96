/**
 * Worker processes on one PostgreSQL: two workers run each job once; a worker killed in the
 * middle of a batch loses nothing, and whatever it may have sent is sent again under the
 * same webhook-id, so a receiver that drops repeated ids sees each event exactly once.
 * (PGlite is one process's database: there these run as single-process tests elsewhere.)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createWorld, must, placeOrder } from './fixtures.ts'
import { startReceiver, until, verifySignature } from './jobs-support.ts'

// Receivers in the tests listen on 127.0.0.1.
process.env.ORDO_WEBHOOKS_ALLOW_PRIVATE = '1'
const serverUrl = process.env.TEST_DATABASE_URL?.trim()
let ordo: Ordo
let databaseUrl: string
const children: ChildProcess[] = []

beforeAll(async () => {
  if (!serverUrl) return
  ordo = await startOrdo()
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(ordo.db)
  const url = new URL(serverUrl)
  url.pathname = `/${rows[0].name}`
  databaseUrl = url.toString()
})
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  await ordo?.close()
})

/** Starts `ordo worker`'s loop in a child process; resolves with it once it is polling. */
function startChild(): Promise<ChildProcess> {
  const node = resolve('node_modules/.bin/node')
  const child = spawn(node, ['test/jobs-worker-child.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, ORDO_WEBHOOKS_ALLOW_PRIVATE: '1', ORDO_JOB_LEASE_MS: '2000', ORDO_WORKER_POLL_MS: '50', ORDO_WORKER_BATCH: '10', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  return new Promise((ok, fail) => {
    child.stdout!.once('data', () => ok(child))
    child.once('exit', (code) => fail(new Error(`worker exited with ${code}`)))
  })
}

const pendingDeliveries = async (subscriptionId: string) => {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from webhook_deliveries where subscription_id = ${subscriptionId} and status <> 'succeeded'`.execute(ordo.db)
  return rows[0].n
}

describe.skipIf(!serverUrl)('worker processes on one PostgreSQL', () => {
  it('two workers run each job once', async () => {
    const receiver = await startReceiver(async () => { await new Promise((r) => setTimeout(r, 5)); return 200 })
    const world = await createWorld(ordo.api, { stock: 500 })
    const sub = must(await ordo.api('POST', '/webhooks', { shop: world.shop.code, url: receiver.url, events: ['order.placed', 'order.paid'] }), 201)
    const [a, b] = await Promise.all([startChild(), startChild()])
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 15; i++) await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    }))
    await until(async () => (await pendingDeliveries(sub.id)) === 0 && receiver.received.length >= 120, 90_000, 'every delivery')
    a.kill('SIGTERM'); b.kill('SIGTERM')

    const ids = receiver.received.map((r) => r.id)
    expect(ids).toHaveLength(120)
    expect(new Set(ids).size).toBe(120)
    expect(receiver.received.every((r) => verifySignature(sub.secret, r))).toBe(true)
    const { rows } = await sql<{ state: string; attempts: number; locked_by: string }>`
      select state, attempts, locked_by from jobs where kind = 'webhook.deliver'`.execute(ordo.db)
    expect(rows).toHaveLength(120)
    expect(rows.every((j) => j.state === 'done' && j.attempts === 1)).toBe(true)
    // Both workers took part: the claims really were shared, not serialised in one.
    expect(new Set(rows.map((j) => j.locked_by)).size).toBe(2)
    const { rows: events } = await sql<{ n: number }>`select count(*)::int as n from events where dispatched_at is null`.execute(ordo.db)
    expect(events[0].n).toBe(0)
    await receiver.close()
  }, 120_000)

  it('a worker killed mid-batch loses nothing; a restarted one finishes, repeating only under the same webhook-id', async () => {
    let killAt: (() => void) | undefined
    const receiver = await startReceiver(async (n) => {
      if (n === 25) killAt?.()
      await new Promise((r) => setTimeout(r, 10))
      return 200
    })
    const world = await createWorld(ordo.api, { stock: 500 })
    const sub = must(await ordo.api('POST', '/webhooks', { shop: world.shop.code, url: receiver.url, events: ['order.placed'] }), 201)
    for (let i = 0; i < 60; i++) await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())

    const first = await startChild()
    const killed = new Promise<void>((ok) => { killAt = () => { first.kill('SIGKILL'); ok() } })
    await killed
    await new Promise<void>((ok) => (first.exitCode !== null ? ok() : first.once('exit', () => ok())))
    expect(await pendingDeliveries(sub.id)).toBeGreaterThan(0)

    const second = await startChild()
    await until(async () => (await pendingDeliveries(sub.id)) === 0, 90_000, 'every delivery after the restart')
    second.kill('SIGTERM')

    const byEvent = new Map<number, Set<string>>()
    for (const r of receiver.received) {
      expect(verifySignature(sub.secret, r)).toBe(true)
      byEvent.set(r.json.data.eventId, (byEvent.get(r.json.data.eventId) ?? new Set()).add(r.id))
    }
    // Every event arrived, each under exactly one webhook-id.
    expect(byEvent.size).toBe(60)
    expect([...byEvent.values()].every((ids) => ids.size === 1)).toBe(true)
    // The only repeat is what was in flight when the worker died (at most its batch).
    const repeats = receiver.received.length - new Set(receiver.received.map((r) => r.id)).size
    expect(repeats).toBeLessThanOrEqual(10)
    await receiver.close()
  }, 120_000)
})
