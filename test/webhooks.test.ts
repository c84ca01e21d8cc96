/** Webhooks (A23): signed deliveries, retries with back-off and their log, redelivery, switching off, refused targets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createWorld, expectProblem, must, placeOrder } from './fixtures.ts'
import { fastForward, startReceiver, verifySignature, workerFor } from './jobs-support.ts'
import { checkTarget, isInternalAddress } from '../src/webhooks/webhook-target.ts'
import { postJson } from '../src/webhooks/webhook-post.ts'

// Receivers in the tests listen on 127.0.0.1.
process.env.ORDO_WEBHOOKS_ALLOW_PRIVATE = '1'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

async function subscribe(shop: string, url: string, events = ['order.placed']) {
  return must(await ordo.api('POST', '/webhooks', { shop, url, events }), 201)
}

describe('webhook deliveries', () => {
  it('signs each delivery so the receiver can verify it, and sends only the subscribed events', async () => {
    const receiver = await startReceiver()
    const world = await createWorld(ordo.api)
    const sub = await subscribe(world.shop.code, receiver.url, ['order.placed', 'order.paid'])
    expect(sub.secret).toMatch(/^whsec_/)
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    await workerFor(ordo).drain()

    expect(receiver.received.map((r) => r.json.type).sort()).toEqual(['order.paid', 'order.placed'])
    for (const r of receiver.received) {
      expect(verifySignature(sub.secret, r)).toBe(true)
      expect(r.json.data.orderId).toBe(order.id)
      expect(Math.abs(Number(r.timestamp) - Date.now() / 1000)).toBeLessThan(60)
    }
    expect(verifySignature('whsec_' + Buffer.from('wrong').toString('base64'), receiver.received[0])).toBe(false)
    const log = must(await ordo.api('GET', `/webhooks/${sub.id}/deliveries`), 200).items
    expect(log.map((d: any) => [d.status, d.responseStatus, d.attempts])).toEqual([['succeeded', 200, 1], ['succeeded', 200, 1]])
    expect(must(await ordo.api('GET', '/webhooks'), 200).items.find((s: any) => s.id === sub.id).secret).toBeUndefined()
    await receiver.close()
  })

  it('a receiver that fails three times then succeeds gets the event, with three failures in the log', async () => {
    const receiver = await startReceiver((n) => (n < 3 ? 503 : 204))
    const world = await createWorld(ordo.api)
    const sub = await subscribe(world.shop.code, receiver.url)
    await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const worker = workerFor(ordo)
    await worker.drain()
    const [delivery] = must(await ordo.api('GET', `/webhooks/${sub.id}/deliveries`), 200).items
    expect(delivery.status).toBe('pending')
    // The next attempt waits a minute, then three, then nine: back-off, not a hot loop.
    const { rows } = await sql<{ wait: number }>`select extract(epoch from run_at - now())::int as wait from jobs
      where kind = 'webhook.deliver' and payload->>'deliveryId' = ${delivery.id}`.execute(ordo.db)
    expect(rows[0].wait).toBeGreaterThan(30)
    for (let i = 0; i < 3; i++) { await fastForward(ordo.db); await worker.drain() }

    const done = must(await ordo.api('GET', `/webhook-deliveries/${delivery.id}`), 200)
    expect(done.status).toBe('succeeded')
    expect(done.attempts).toBe(4)
    expect(done.log.map((a: any) => a.responseStatus)).toEqual([503, 503, 503, 204])
    expect(done.log.every((a: any) => typeof a.durationMs === 'number')).toBe(true)
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set([delivery.webhookId]))
    await receiver.close()
  })

  it('redelivers by hand with the same webhook-id', async () => {
    const receiver = await startReceiver()
    const world = await createWorld(ordo.api)
    const sub = await subscribe(world.shop.code, receiver.url)
    await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const worker = workerFor(ordo)
    await worker.drain()
    const [delivery] = must(await ordo.api('GET', `/webhooks/${sub.id}/deliveries`), 200).items
    must(await ordo.api('POST', `/webhook-deliveries/${delivery.id}/redeliver`), 202)
    await worker.drain()
    expect(receiver.received.map((r) => r.id)).toEqual([delivery.id, delivery.id])
    expect(must(await ordo.api('GET', `/webhook-deliveries/${delivery.id}`), 200).attempts).toBe(2)
    await receiver.close()
  })

  it('gives a delivery up after its attempts, and switches off a subscription that keeps failing, telling the shop', async () => {
    const receiver = await startReceiver(() => 500)
    const world = await createWorld(ordo.api, { stock: 50 })
    const sub = await subscribe(world.shop.code, receiver.url)
    must(await ordo.api('PUT', `/shops/${world.shop.code}/mail/rules/webhook.disabled/shop`, { enabled: true, addresses: ['ops@example.test'] }), 200)
    for (let i = 0; i < 5; i++) await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const worker = workerFor(ordo)
    for (let i = 0; i < 8; i++) { await fastForward(ordo.db); await worker.drain() }

    const log = must(await ordo.api('GET', `/webhooks/${sub.id}/deliveries`), 200).items
    expect(log.map((d: any) => [d.status, d.attempts])).toEqual(Array(5).fill(['failed', 7]))
    const after = must(await ordo.api('GET', '/webhooks'), 200).items.find((s: any) => s.id === sub.id)
    expect(after.active).toBe(false)
    expect(after.disabledReason).toMatch(/5 deliveries failed/)
    const jobs = must(await ordo.api('GET', '/jobs?kind=webhook.deliver&state=failed&limit=500'), 200).items
    expect(jobs.filter((j: any) => log.some((d: any) => d.id === j.payload.deliveryId))).toHaveLength(5)
    const mail = must(await ordo.api('GET', `/mail?shop=${world.shop.code}`), 200).items.filter((m: any) => m.event === 'webhook.disabled')
    expect(mail).toHaveLength(1)
    expect(mail[0].to).toEqual(['ops@example.test'])
    expect(mail[0].text).toContain(receiver.url)
    expectProblem(await ordo.api('POST', `/webhook-deliveries/${log[0].id}/redeliver`), 409, 'webhook_inactive')
    await receiver.close()
  })
})

describe('webhook targets', () => {
  it('refuses other schemes, loopback and private addresses unless allowed', async () => {
    for (const url of ['ftp://example.com/x', 'http://localhost/x', 'http://127.0.0.1:9/x', 'http://10.1.2.3/x', 'http://192.168.1.1/x',
      'http://172.20.0.1/x', 'http://169.254.169.254/latest', 'http://[::1]/x', 'http://[fd00::1]/x', 'http://[::ffff:127.0.0.1]/x', 'not a url']) {
      expect(() => checkTarget(url, false), url).toThrow()
    }
    expect(checkTarget('https://hooks.example.com/ordo', false).hostname).toBe('hooks.example.com')
    expect(checkTarget('http://127.0.0.1:9/x', true).port).toBe('9')
    expect(isInternalAddress('8.8.8.8')).toBe(false)
    expect(isInternalAddress('100.64.0.1')).toBe(true)
    // A name is checked when it is resolved for the connection.
    const refused = await postJson('http://localtest.me.localhost/x', {}, '{}', 2000, false)
    expect(refused.status).toBeNull()
    expect(refused.error).toBeTruthy()
  })

  it('answers a bad subscription with a problem, not a crash', async () => {
    const world = await createWorld(ordo.api)
    expectProblem(await ordo.api('POST', '/webhooks', { shop: world.shop.code, url: 'gopher://x', events: ['order.placed'] }), 422, 'webhook_target_refused')
    expectProblem(await ordo.api('POST', '/webhooks', { shop: world.shop.code, url: 'https://example.com', events: ['order.exploded'] }), 400, 'validation_failed')
    expectProblem(await ordo.api('POST', '/webhooks', { shop: 'NOPE', url: 'https://example.com', events: ['*'] }), 404, 'shop_not_found')
    expectProblem(await ordo.api('GET', '/webhooks/not-an-id/deliveries'), 404, 'not_found')
  })
})
