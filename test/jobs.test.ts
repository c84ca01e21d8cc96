/** The job queue: the jobs list, retry and cancel, back-off into the dead-letter state, recurring jobs once per slot. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createWorld, expectProblem, must, placeOrder } from './fixtures.ts'
import { dispatchEvents } from '../src/jobs/dispatch.ts'
import { fastForward, workerFor } from './jobs-support.ts'
import { claimJobs, enqueue } from '../src/jobs/queue.ts'
import { jobKinds } from '../src/jobs/job-kinds.ts'
import { scheduleRecurringJobs, forgetSchedules } from '../src/jobs/recurring.ts'
import { loadWorkerSettings } from '../src/jobs/worker-settings.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

describe('jobs', () => {
  it('retries a failing job with back-off, then fails it; staff see it, retry it, and cancel others', async () => {
    let calls = 0
    jobKinds['test.flaky'] = { maxAttempts: 3, retryIn: (n) => n * 1000, run: async () => { calls++; throw new Error(`boom ${calls}`) } }
    const [id] = await enqueue(ordo.db, [{ kind: 'test.flaky', maxAttempts: 3 }])
    const worker = workerFor(ordo)
    await worker.drain()
    let job = must(await ordo.api('GET', `/jobs/${id}`), 200)
    expect(job).toMatchObject({ state: 'queued', attempts: 1, lastError: 'boom 1' })
    expect(Date.parse(job.runAt)).toBeGreaterThan(Date.now())
    for (let i = 0; i < 3; i++) { await fastForward(ordo.db); await worker.drain() }
    job = must(await ordo.api('GET', `/jobs/${id}`), 200)
    expect(job).toMatchObject({ state: 'failed', attempts: 3, lastError: 'boom 3' })
    expect(calls).toBe(3)
    expect(must(await ordo.api('GET', '/jobs?state=failed&kind=test.flaky'), 200).items.map((j: any) => j.id)).toEqual([id])

    jobKinds['test.flaky'].run = async () => ({ fixed: true })
    expect(must(await ordo.api('POST', `/jobs/${id}/retry`), 200).state).toBe('queued')
    await worker.drain()
    expect(must(await ordo.api('GET', `/jobs/${id}`), 200)).toMatchObject({ state: 'done', result: { fixed: true } })
    expectProblem(await ordo.api('POST', `/jobs/${id}/retry`), 409, 'job_state_conflict')

    const [later] = await enqueue(ordo.db, [{ kind: 'test.flaky', runAt: new Date(Date.now() + 3_600_000) }])
    expect(must(await ordo.api('POST', `/jobs/${later}/cancel`), 200).state).toBe('cancelled')
    await fastForward(ordo.db)
    await worker.drain()
    expect(must(await ordo.api('GET', `/jobs/${later}`), 200).state).toBe('cancelled')
    expectProblem(await ordo.api('GET', '/jobs/999999999'), 404, 'job_not_found')
    expectProblem(await ordo.api('POST', '/jobs/abc/cancel'), 404, 'job_not_found')
  })

  it('takes up the job of a worker whose lease ran out', async () => {
    jobKinds['test.ok'] = { maxAttempts: 3, retryIn: () => 1000, run: async ({ job }) => ({ ran: job.id }) }
    const [id] = await enqueue(ordo.db, [{ kind: 'test.ok' }])
    const [claimed] = await claimJobs(ordo.db, 'crashed-worker', 1, 1)
    expect(claimed.id).toBe(id)
    await new Promise((r) => setTimeout(r, 20))
    await workerFor(ordo).drain()
    expect(must(await ordo.api('GET', `/jobs/${id}`), 200)).toMatchObject({ state: 'done', attempts: 2 })
  })

  it('schedules a recurring job once per slot, however many workers schedule it', async () => {
    forgetSchedules()
    const settings = { ...loadWorkerSettings({}), allocationIntervalMs: 60_000 }
    const now = Date.now()
    await scheduleRecurringJobs(ordo.db, settings, now)
    forgetSchedules() // as another worker process would
    await scheduleRecurringJobs(ordo.db, settings, now)
    const slot = Math.floor(now / 60_000)
    const rows = await ordo.db.selectFrom('jobs').select('id').where('unique_key', '=', `allocation:${slot}`).execute()
    expect(rows).toHaveLength(1)
    await workerFor(ordo).drain()
    const job = must(await ordo.api('GET', `/jobs/${rows[0].id}`), 200)
    expect(job).toMatchObject({ kind: 'allocation', state: 'done', result: { ordersChecked: expect.any(Number) } })
  })
})

describe('handing events on', () => {
  it('reads each shop\'s mail templates, webhook subscriptions and exporters once per batch, not once per event', async () => {
    // Whatever earlier tests left is handed on first.
    await dispatchEvents(ordo.db, 10_000)
    const world = await createWorld(ordo.api)
    must(await ordo.api('POST', '/webhooks', { shop: world.shop.code, url: 'https://hooks.example.test/orders', events: ['order.*'] }), 201)
    for (let i = 0; i < 10; i++) await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    let queries = 0
    const counting = ordo.db.withPlugin({
      transformQuery: (args) => { queries++; return args.node },
      transformResult: async (args) => args.result,
    })
    const events = await dispatchEvents(counting, 10_000)
    expect(events).toBeGreaterThanOrEqual(40)
    // Per event it was three lookups (and a webhook delivery's insert): now the batch's read, a
    // lookup per shop and event type, one insert per webhook event, the jobs and the mark.
    const webhookEvents = Number((await ordo.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    expect(webhookEvents).toBeGreaterThanOrEqual(20)
    expect(queries).toBeLessThan(webhookEvents + 20)
    // Each placement's confirmation mail is still queued.
    const mails = await ordo.db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').execute()
    const confirmations = await ordo.db.selectFrom('events').select('id').where('type', '=', 'order.placed').where('shop_code', '=', world.shop.code).execute()
    for (const e of confirmations) expect(mails.some((m) => (m.payload as { eventId: number }).eventId === e.id)).toBe(true)
  })
})
