/**
 * Bad input: every mistake an integration can make gets a 4xx application/problem+json
 * with a stable code, and changes nothing. No input gives a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { snapshotCounts, startOrdo, type Ordo } from './harness.ts'
import {
  advanceDelivery, card, createProduct, createShop, createWorld, deliveryOf, expectProblem,
  getOrder, must, orderAction, orderBody, placeOrder, type World,
} from './fixtures.ts'

let ordo: Ordo
let world: World
let order: any
beforeAll(async () => {
  ordo = await startOrdo()
  world = await createWorld(ordo.api, { stock: 10 })
  order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
})
afterAll(async () => { await ordo?.close() })

const goodBody = () => orderBody(world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok'))

/** Sends the request and checks the answer is the expected problem and nothing changed. */
async function refused(method: string, path: string, body: unknown, status: number, code?: string, headers?: Record<string, string | null>) {
  const before = await snapshotCounts(ordo.db)
  const orderBefore = await getOrder(ordo.api, order.id)
  const res = await ordo.api(method, path, body, headers)
  expectProblem(res, status, code)
  expect(await snapshotCounts(ordo.db)).toEqual(before)
  expect(await getOrder(ordo.api, order.id)).toEqual(orderBefore)
  return res
}

describe('placing an order with bad input', () => {
  it('accepts the good body (so the refusals below are about the mistake alone)', async () => {
    const before = await snapshotCounts(ordo.db)
    must(await ordo.api('POST', '/orders', goodBody()), 201)
    expect((await snapshotCounts(ordo.db)).orders).toBe(before.orders + 1)
  })

  it('malformed JSON: 400 malformed_json', async () => {
    await refused('POST', '/orders', '{"shop": "x", "lines": [', 400, 'malformed_json')
    await refused('POST', '/orders', '', 400)
    await refused('POST', '/orders', 'not json at all', 400, 'malformed_json')
  })

  it('a body that is not an object: 400', async () => {
    for (const body of ['null', '[]', '"text"', '42', 'true']) await refused('POST', '/orders', body, 400)
  })

  it('a body that is not JSON: 415', async () => {
    await refused('POST', '/orders', 'shop=x', 415, 'unsupported_media_type', { 'content-type': 'application/x-www-form-urlencoded' })
  })

  it('wrong types: 400 validation_failed', async () => {
    const cases: [string, (b: any) => void][] = [
      ['quantity as a string', (b) => { b.lines[0].quantity = '1' }],
      ['quantity as a fraction', (b) => { b.lines[0].quantity = 1.5 }],
      ['lines as an object', (b) => { b.lines = { sku: world.product.sku, quantity: 1 } }],
      ['shop as a number', (b) => { b.shop = 42 }],
      ['shippingCost as a string', (b) => { b.shippingCost = '500' }],
      ['negative shippingCost', (b) => { b.shippingCost = -1 }],
      ['payment method unknown', (b) => { b.payment = { method: 'barter' } }],
      ['capture unknown', (b) => { b.payment.capture = 'later' }],
      ['billingAddress missing', (b) => { delete b.billingAddress }],
      ['lines missing', (b) => { delete b.lines }],
      ['no lines', (b) => { b.lines = [] }],
      ['customer as a string', (b) => { b.customer = 'someone' }],
    ]
    for (const [name, mutate] of cases) {
      const body = goodBody()
      mutate(body)
      const res = await refused('POST', '/orders', body, 400, 'validation_failed')
      expect(res.body.detail, name).toBeTruthy()
    }
  })

  it('unknown fields: 400 validation_failed, naming the field', async () => {
    for (const mutate of [
      (b: any) => { b.status = 'completed' },
      (b: any) => { b.lines[0].price = 1 },
      (b: any) => { b.payment.amount = 1 },
      (b: any) => { b.billingAddress.planet = 'Mars' },
    ]) {
      const body = goodBody()
      mutate(body)
      await refused('POST', '/orders', body, 400, 'validation_failed')
    }
    const res = await refused('POST', '/orders', { ...goodBody(), paidInFull: true }, 400, 'validation_failed')
    expect(JSON.stringify(res.body)).toContain('paidInFull')
  })

  it('negative or zero quantity: 400 validation_failed', async () => {
    for (const quantity of [0, -1, -100]) {
      await refused('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity }], card()), 400, 'validation_failed')
    }
  })

  it('unknown SKU: a 4xx problem naming the SKU', async () => {
    const res = await refused('POST', '/orders', orderBody(world, [{ sku: 'NO-SUCH-SKU', quantity: 1 }], card()), 422, 'unknown_sku')
    expect(JSON.stringify(res.body)).toContain('NO-SUCH-SKU')
  })

  it('unknown shop and unknown customer: 4xx problems', async () => {
    await refused('POST', '/orders', { ...goodBody(), shop: 'NOSUCHSHOP' }, 404, 'shop_not_found')
    await refused('POST', '/orders', { ...goodBody(), customer: { id: '018f0000-0000-7000-8000-000000000000' } }, 404, 'customer_not_found')
  })

  it("a product without a price in the shop's currency: 422 price_missing", async () => {
    const euroShop = await createShop(ordo.api, { currency: 'EUR' })
    const chfOnly = await createProduct(ordo.api, { prices: { CHF: 1500 } })
    const res = await ordo.api('PUT', `/warehouses/${world.warehouse.code}/stock/${chfOnly.sku}`, { onHand: 5 })
    must(res, 200)
    await refused('POST', '/orders',
      orderBody({ shop: euroShop, customer: world.customer }, [{ sku: chfOnly.sku, quantity: 1 }], card()), 422, 'price_missing')
  })

  it('more than is in stock of a product that cannot be back-ordered: 409 out_of_stock', async () => {
    await refused('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 1000 }], card()), 409, 'out_of_stock')
  })

  it('an order the stock cannot serve takes no order number', async () => {
    const before = must(await ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 1 }], card())), 201)
    await refused('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 1000 }], card()), 409, 'out_of_stock')
    const after = must(await ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 1 }], card())), 201)
    const numeric = (n: string) => Number(n.replace(/\D/g, ''))
    expect(numeric(after.number)).toBe(numeric(before.number) + 1)
  })

  it('an empty or overlong Idempotency-Key: 400', async () => {
    await refused('POST', '/orders', goodBody(), 400, undefined, { 'idempotency-key': 'x'.repeat(1000) })
  })
})

describe('authentication', () => {
  it('no token, a malformed header or an unknown token: 401 unauthorized', async () => {
    for (const headers of [
      { authorization: null },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer not-the-token-at-all-0000' },
      { authorization: `Bearer ${ordo.adminToken}x` },
    ]) {
      await refused('POST', '/orders', goodBody(), 401, 'unauthorized', headers)
      await refused('GET', `/orders/${order.id}`, undefined, 401, 'unauthorized', headers)
      await refused('POST', `/orders/${order.id}/actions/cancel`, {}, 401, 'unauthorized', headers)
    }
  })

  it('health needs no token', async () => {
    expect((await ordo.raw('GET', '/health')).status).toBe(200)
  })
})

describe('actions and lookups with bad input', () => {
  it('an unknown order id: 404', async () => {
    await refused('GET', '/orders/018f0000-0000-7000-8000-000000000000', undefined, 404, 'order_not_found')
    await refused('POST', '/orders/018f0000-0000-7000-8000-000000000000/actions/cancel', {}, 404, 'order_not_found')
    await refused('GET', '/orders/018f0000-0000-7000-8000-000000000000/history', undefined, 404, 'order_not_found')
    await refused('GET', '/orders/018f0000-0000-7000-8000-000000000000/transactions', undefined, 404, 'order_not_found')
    await refused('POST', '/orders/018f0000-0000-7000-8000-000000000000/notes', { text: 'x' }, 404, 'order_not_found')
    const res = await ordo.api('GET', '/orders/not-a-uuid')
    expectProblem(res, res.status)
    expect([400, 404]).toContain(res.status)
  })

  it('an unknown delivery of a known order: 404', async () => {
    await refused('POST', `/orders/${order.id}/deliveries/018f0000-0000-7000-8000-000000000000/actions/pack`, {}, 404, 'delivery_not_found')
  })

  it('an unknown action: 400 unknown_action', async () => {
    await refused('POST', `/orders/${order.id}/actions/teleport`, {}, 400, 'unknown_action')
    await refused('POST', `/orders/${order.id}/actions/ship`, {}, 400, 'unknown_action')
    const delivery = order.deliveries[0]
    await refused('POST', `/orders/${order.id}/deliveries/${delivery.id}/actions/teleport`, {}, 400, 'unknown_action')
    await refused('POST', `/orders/${order.id}/deliveries/${delivery.id}/actions/cancel`, {}, 400, 'unknown_action')
  })

  it('an action that is not allowed now: 409 transition_not_allowed', async () => {
    const delivery = order.deliveries[0]
    await refused('POST', `/orders/${order.id}/deliveries/${delivery.id}/actions/ship`, { carrier: 'DHL', trackingNumber: 'X1' }, 409, 'transition_not_allowed')
    await refused('POST', `/orders/${order.id}/actions/return`, {}, 409, 'transition_not_allowed')
    await refused('POST', `/orders/${order.id}/actions/approve`, {}, 409, 'transition_not_allowed')
  })

  it('an action body with unknown fields or wrong types: 400 validation_failed', async () => {
    await refused('POST', `/orders/${order.id}/actions/cancel`, { note: 5 }, 400, 'validation_failed')
    await refused('POST', `/orders/${order.id}/actions/cancel`, { force: true }, 400, 'validation_failed')
    await refused('POST', `/orders/${order.id}/actions/cancel`, '{"note":', 400, 'malformed_json')
    await refused('POST', `/orders/${order.id}/notes`, {}, 400, 'validation_failed')
    await refused('POST', `/orders/${order.id}/notes`, { text: '' }, 400, 'validation_failed')
  })

  it('override-payment without a reason: 400', async () => {
    await refused('POST', `/orders/${order.id}/actions/override-payment`, {}, 400)
  })

  it('bad query strings on the order list: 400, never 500', async () => {
    for (const query of ['limit=-1', 'limit=abc', 'limit=100000', 'cursor=garbage', 'from=yesterday', 'status=nonsense']) {
      const res = await ordo.api('GET', `/orders?${query}`)
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      expectProblem(res, res.status)
    }
  })

  it('bad shop, product, warehouse, stock and customer input: 4xx problems', async () => {
    const shop = { code: 'OK1', name: 'x', currency: 'CHF', pricesIncludeTax: true }
    await refused('POST', '/shops', { ...shop, currency: 'chf' }, 400, 'validation_failed')
    await refused('POST', '/shops', { ...shop, settings: { approvalThreshold: -5 } }, 400, 'validation_failed')
    await refused('POST', '/shops', { ...shop, code: world.shop.code }, 409, 'already_exists')
    const product = { sku: 'P-OK', name: 'x', kind: 'physical', prices: { CHF: 100 }, taxRate: 8.1 }
    await refused('POST', '/products', { ...product, prices: { CHF: 9.99 } }, 400, 'validation_failed')
    await refused('POST', '/products', { ...product, prices: { CHF: -1 } }, 400, 'validation_failed')
    await refused('POST', '/products', { ...product, kind: 'service' }, 400, 'validation_failed')
    await refused('POST', '/products', { ...product, sku: world.product.sku }, 409, 'already_exists')
    await refused('PUT', `/warehouses/${world.warehouse.code}/stock/${world.product.sku}`, { onHand: -1 }, 400, 'validation_failed')
    await refused('PUT', `/warehouses/NOWAREHOUSE/stock/${world.product.sku}`, { onHand: 1 }, 404)
    await refused('PUT', `/warehouses/${world.warehouse.code}/stock/NO-SUCH-SKU`, { onHand: 1 }, 404)
    await refused('POST', '/customers', { email: 'not-an-email', name: 'x' }, 400, 'validation_failed')
    await refused('POST', '/customers', { email: world.customer.email, name: 'x' }, 409, 'already_exists')
    await refused('GET', '/customers/018f0000-0000-7000-8000-000000000000', undefined, 404, 'customer_not_found')
    await refused('GET', '/stock/NO-SUCH-SKU', undefined, 404)
  })

  it('stock below what is reserved: 409 stock_below_reserved', async () => {
    // The order placed in beforeAll reserves 1 of this SKU.
    await refused('PUT', `/warehouses/${world.warehouse.code}/stock/${world.product.sku}`, { onHand: 0 }, 409, 'stock_below_reserved')
  })
})

describe('no input gives a 500', () => {
  const garbage: unknown[] = [
    {}, { shop: null }, { lines: null }, { lines: [null] }, { lines: [{}] }, { lines: [{ sku: null, quantity: null }] },
    { shop: '' }, { customer: {} }, { customer: { id: 'not-a-uuid' } }, { customer: { email: 'x' } }, { payment: {} }, { payment: null },
    { lines: [{ sku: 'A'.repeat(10_000), quantity: 1 }] }, { lines: [{ sku: '../../etc/passwd', quantity: 1 }] },
    { lines: [{ sku: "'; drop table orders; --", quantity: 1 }] }, { lines: [{ sku: 'X', quantity: 1e20 }] },
    { lines: [{ sku: 'X', quantity: 2 ** 31 }] }, { shippingCost: 1e300 }, { shippingCost: 2 ** 53 + 1 },
    { constructor: { prototype: { x: 1 } } }, { currency: 'XXX' }, { currency: 'chf' },
  ]
  it('garbage bodies for POST /orders', async () => {
    const before = await snapshotCounts(ordo.db)
    const good = JSON.stringify(goodBody()).slice(1)
    const poisoned = [`{"__proto__": {"admin": true}, ${good}`, `{"constructor": {"prototype": {"admin": true}}, ${good}`]
    const bodies = [
      ...garbage,
      ...garbage.filter((g) => Object.keys(g as object).length > 0).map((g) => ({ ...goodBody(), ...(g as object) })),
      ...poisoned,
    ]
    for (const body of bodies) {
      const res = await ordo.api('POST', '/orders', body)
      expect(res.status, `${JSON.stringify(body).slice(0, 200)} -> ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400)
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(500)
      expectProblem(res, res.status)
    }
    expect(await snapshotCounts(ordo.db)).toEqual(before)
  })

  it('deep nesting and a huge body', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`
    const res = await ordo.api('POST', '/orders', deep)
    expect(res.status).toBeLessThan(500)
    expectProblem(res, res.status)
    const huge = await ordo.api('POST', '/orders', { ...goodBody(), pad: 'x'.repeat(2 * 1024 * 1024) })
    expectProblem(huge, 413, 'payload_too_large')
  })

  it('odd paths and methods', async () => {
    for (const [method, path] of [
      ['GET', '/nowhere'], ['DELETE', `/orders/${order.id}`], ['POST', '/orders/%00'], ['GET', '/orders/%E0%A4%A'],
      ['POST', `/orders/${order.id}/actions/%2e%2e`], ['GET', '/products/%20'], ['GET', '/stock/..%2f..%2f'],
    ] as const) {
      const res = await ordo.api(method, path, method === 'POST' ? {} : undefined)
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400)
      expect(res.status, `${method} ${path}`).toBeLessThan(500)
      // Even what the router refuses before any route runs is a problem with a code.
      expectProblem(res, res.status)
    }
  })

  it('a delivery action on another order\'s delivery: 404, nothing changes', async () => {
    const other = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
    await refused('POST', `/orders/${order.id}/deliveries/${other.deliveries[0].id}/actions/pack`, {}, 404, 'delivery_not_found')
    // and the other order can still be worked on normally
    await advanceDelivery(ordo.api, other.id, deliveryOf(other, 'standard').id, 'packing')
    must(await orderAction(ordo.api, other.id, 'cancel'), 200)
  })
})
