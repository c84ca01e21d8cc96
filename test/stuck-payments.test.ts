/** A7: shipping needs tracking (and it can be corrected), cancellation e-mail is optional, actions are idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { advanceDelivery, card, createWorld, deliveryAction, expectProblem, getHistory, must, orderAction, placeOrder, uid } from './fixtures.ts'
import { workerFor } from './jobs-support.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const mailOf = async (orderId: string) => must(await ordo.api('GET', `/mail?orderId=${orderId}`), 200).items as any[]

describe('shipping and tracking', () => {
  it('refuses to ship a parcel without carrier and tracking number, changing nothing', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const d = order.deliveries[0]
    await advanceDelivery(ordo.api, order.id, d.id, 'ready_to_ship')
    const refused = await deliveryAction(ordo.api, order.id, d.id, 'ship', { carrier: 'Post CH' })
    expectProblem(refused, 400, 'validation_failed')
    expect(refused.body.errors).toEqual([{ path: 'trackingNumber', message: 'is required to ship' }])
    expectProblem(await deliveryAction(ordo.api, order.id, d.id, 'ship', { carrier: ' ', trackingNumber: 'T1' }), 400, 'validation_failed')
    expect(must(await ordo.api('GET', `/orders/${order.id}`), 200).deliveries[0].status).toBe('ready_to_ship')
  })

  it('corrects the tracking number of a shipped parcel, with a history entry', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const d = order.deliveries[0]
    expectProblem(await ordo.api('PUT', `/orders/${order.id}/deliveries/${d.id}/tracking`, { carrier: 'DHL', trackingNumber: 'X' }), 409, 'transition_not_allowed')
    await advanceDelivery(ordo.api, order.id, d.id, 'shipped')
    const fixed = must(await ordo.api('PUT', `/orders/${order.id}/deliveries/${d.id}/tracking`, { carrier: 'DHL', trackingNumber: 'JD0001', note: 'Typo' }), 200)
    expect(fixed.deliveries[0]).toMatchObject({ carrier: 'DHL', trackingNumber: 'JD0001', status: 'shipped' })
    expect((await getHistory(ordo.api, order.id)).find((h) => h.action === 'tracking')?.note).toContain('DHL JD0001')
    expectProblem(await ordo.api('PUT', `/orders/${order.id}/deliveries/${d.id}/tracking`, { carrier: '', trackingNumber: 'JD0001' }), 400, 'validation_failed')
  })
})

describe('cancellation e-mail', () => {
  it('is sent by default and left out with notifyCustomer: false', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const loud = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const quiet = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    must(await orderAction(ordo.api, loud.id, 'cancel', { clientNote: 'As you asked' }), 200)
    must(await orderAction(ordo.api, quiet.id, 'cancel', { notifyCustomer: false, note: 'Test order' }), 200)
    await workerFor(ordo).drain()
    expect((await mailOf(loud.id)).some((m) => m.event === 'order.cancelled')).toBe(true)
    expect((await mailOf(quiet.id)).some((m) => m.event === 'order.cancelled')).toBe(false)
  })
})

describe('idempotent retries of every action', () => {
  it('a retried ship, cancel or return with the same key is answered, not repeated', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const d = order.deliveries[0]
    await advanceDelivery(ordo.api, order.id, d.id, 'ready_to_ship')
    const key = { 'idempotency-key': `ship-${uid()}` }
    const body = { carrier: 'Post CH', trackingNumber: 'T42' }
    const first = must(await ordo.api('POST', `/orders/${order.id}/deliveries/${d.id}/actions/ship`, body, key), 200)
    const again = await ordo.api('POST', `/orders/${order.id}/deliveries/${d.id}/actions/ship`, body, key)
    expect(must(again, 200).version).toBe(first.version)
    const rkey = { 'idempotency-key': `return-${uid()}` }
    must(await ordo.api('POST', `/orders/${order.id}/actions/return`, {}, rkey), 200)
    const replay = await ordo.api('POST', `/orders/${order.id}/actions/return`, {}, rkey)
    expect(must(replay, 200).status).toBe('returned')
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect((await getHistory(ordo.api, order.id)).filter((h) => h.action === 'return' && h.type === 'transition')).toHaveLength(1)
  })
})

describe('gateway features', () => {
  it('are declared for the UI to offer only what the gateway can do', async () => {
    const g = must(await ordo.api('GET', '/payments/gateway'), 200)
    expect(g).toEqual({ name: 'test', features: { capturePerShipment: true, partialCapture: true, partialRefund: true, void: true, captureOverAuthorizationBp: 0 } })
  })
})
