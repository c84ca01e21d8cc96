/**
 * Security finding 7 (low): numbering that collides, money beyond exact sums, impossible
 * dates, prototype names as actions, a webhook deleted with a pending delivery, and IPv6
 * spellings of internal addresses as webhook targets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createProduct, createWorld, expectProblem, must, placeOrder, setStock } from './fixtures.ts'
import { workerFor } from './jobs-support.ts'
import { checkTarget } from '../src/webhooks/webhook-target.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

describe('order and invoice numbers', () => {
  it('stay unique when a prefix changes away and back, and refuse a start below numbers issued', async () => {
    const world = await createWorld(ordo.api, { stock: 50, shop: { orderNumberPrefix: 'A-', orderNumberStart: 1000, invoiceNumberPrefix: 'I-', invoiceNumberStart: 1 } })
    const shop = world.shop.code
    const place = () => placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const settings = (s: Record<string, unknown>) => ordo.api('PATCH', `/shops/${shop}`, { settings: s })
    expect([(await place()).number, (await place()).number]).toEqual(['A-1000', 'A-1001'])
    must(await settings({ orderNumberPrefix: 'B-', orderNumberStart: 1, invoiceNumberPrefix: 'J-', invoiceNumberStart: 1 }), 200)
    const b = await place()
    expect([b.number, b.invoiceNumber]).toEqual(['B-1', 'J-1'])
    must(await settings({ orderNumberPrefix: 'A-', invoiceNumberPrefix: 'I-' }), 200)
    const back = await place()
    expect([back.number, back.invoiceNumber]).toEqual(['A-1002', 'I-3'])

    const unchanged = must(await ordo.api('GET', `/shops/${shop}`), 200).settings
    const below = await settings({ orderNumberStart: 5 })
    expectProblem(below, 422, 'number_collision')
    expect(below.body.lowestStart).toBe(1003)
    expectProblem(await settings({ invoiceNumberStart: 2 }), 422, 'number_collision')
    expect(must(await ordo.api('GET', `/shops/${shop}`), 200).settings).toEqual(unchanged)
    must(await settings({ orderNumberStart: 2000 }), 200)
    expect((await place()).number).toBe('A-2000')
  })
})

describe('money', () => {
  it('is bounded so every sum is exact', async () => {
    const world = await createWorld(ordo.api)
    expectProblem(await ordo.api('POST', '/products', { sku: 'TOO-DEAR', name: 'Too dear', kind: 'physical', prices: { CHF: 100_000_000_001 }, taxRate: 8.1 }), 400, 'validation_failed')
    expectProblem(await ordo.api('POST', '/products', { sku: 'HUGE', name: 'Huge', kind: 'physical', prices: { CHF: 2 ** 53 + 1 }, taxRate: 8.1 }), 400, 'validation_failed')
    const dear = await createProduct(ordo.api, { prices: { CHF: 100_000_000_000 } })
    await setStock(ordo.api, world.warehouse.code, dear.sku, 5)
    const before = (await ordo.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n
    const res = await ordo.api('POST', '/orders', {
      shop: world.shop.code, customer: { id: world.customer.id }, billingAddress: { name: 'A', street: 'S 1', postalCode: '8000', city: 'Z', country: 'CH' },
      lines: [{ sku: dear.sku, quantity: 3 }], payment: { method: 'invoice' },
    })
    expectProblem(res, 422, 'amount_out_of_range')
    const after = (await ordo.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n
    expect(Number(after)).toBe(Number(before))
    expect((await ordo.api('GET', `/products/${dear.sku}`)).body.prices.CHF).toBe(100_000_000_000)
  })
})

describe('impossible input', () => {
  it('refuses impossible dates with a 400', async () => {
    for (const from of ['2026-02-31', '-271821-04-20', '2026-13-01', '275760-09-13', '2026-02-30T10:00:00Z', '0000-01-01']) {
      expectProblem(await ordo.api('GET', `/orders?from=${encodeURIComponent(from)}`), 400, 'validation_failed')
    }
    must(await ordo.api('GET', '/orders?from=2024-02-29&to=2024-03-01T12:00:00%2B01:00'), 200)
  })

  it('answers prototype names as unknown actions, not as forbidden', async () => {
    const world = await createWorld(ordo.api)
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    for (const action of ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
      expectProblem(await ordo.api('POST', `/orders/${order.id}/actions/${action}`, {}), 400, 'unknown_action')
      expectProblem(await ordo.api('POST', `/orders/${order.id}/deliveries/${order.deliveries[0].id}/actions/${action}`, {}), 400, 'unknown_action')
    }
  })
})

describe('webhooks', () => {
  it('tolerate a subscription deleted while its delivery is pending', async () => {
    const world = await createWorld(ordo.api)
    const sub = must(await ordo.api('POST', '/webhooks', { shop: world.shop.code, url: 'https://hooks.invalid/ordo', events: ['order.placed'] }), 201)
    await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const worker = workerFor(ordo)
    await worker.drain()
    expect((await ordo.api('DELETE', `/webhooks/${sub.id}`)).status).toBe(204)
    await ordo.db.updateTable('jobs').set({ run_at: new Date() }).where('kind', '=', 'webhook.deliver').where('state', '=', 'queued').execute()
    await expect(worker.drain()).resolves.toBeGreaterThanOrEqual(0)
    const left = await ordo.db.selectFrom('jobs').select(['state']).where('kind', '=', 'webhook.deliver').where('state', 'in', ['queued', 'running']).execute()
    expect(left).toEqual([])
  })

  it('refuse every IPv6 spelling of an internal address', () => {
    for (const host of ['[::127.0.0.1]', '[64:ff9b::127.0.0.1]', '[::ffff:7f00:1]', '[::ffff:10.0.0.1]', '[2002:7f00:1::]', '[::]', '[fec0::1]',
      '[2001:db8::1]', '[100::1]', '[64:ff9b:1::a00:1]', '[2001::1]', '[::ffff:0:a9fe:a9fe]', '[0:0:0:0:0:ffff:7f00:1]']) {
      expect(() => checkTarget(`http://${host}/x`, false), host).toThrow()
    }
    expect(checkTarget('http://[2606:4700:4700::1111]/x', false).hostname).toBe('[2606:4700:4700::1111]')
    expect(checkTarget('http://[::ffff:8.8.8.8]/x', false).hostname).toBe('[::ffff:808:808]')
  })
})
