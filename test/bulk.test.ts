/** Bulk operations (A14): a job with a result per order, done or refused and why. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createWorld, expectProblem, getOrder, must, placeOrder } from './fixtures.ts'
import { workerFor } from './jobs-support.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

describe('bulk operations', () => {
  it('approves held orders by filter, each in its own transaction, and refuses the ones that cannot be', async () => {
    const world = await createWorld(ordo.api, { stock: 30, shop: { requireApproval: true } })
    const held = []
    for (let i = 0; i < 4; i++) held.push(await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' }))
    must(await ordo.api('POST', `/orders/${held[0].id}/actions/approve`, {}), 200)

    const { jobId } = must(await ordo.api('POST', '/orders/bulk', { action: 'approve', input: { note: 'bulk' }, filter: { shop: world.shop.code } }), 202)
    expect(must(await ordo.api('GET', `/orders/bulk/${jobId}`), 200).state).toBe('queued')
    await workerFor(ordo).drain()

    const job = must(await ordo.api('GET', `/orders/bulk/${jobId}`), 200)
    expect(job.state).toBe('done')
    expect(job.result).toMatchObject({ total: 4, done: 3, refused: 1 })
    const refused = job.result.results.find((r: any) => r.status === 'refused')
    expect(refused).toMatchObject({ orderId: held[0].id, code: 'transition_not_allowed' })
    for (const o of held.slice(1)) expect((await getOrder(ordo.api, o.id)).status).toBe('in_progress')
  })

  it('sends an e-mail to chosen orders and reports unknown ones', async () => {
    const world = await createWorld(ordo.api)
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const missing = '00000000-0000-4000-8000-000000000000'
    const { jobId } = must(await ordo.api('POST', '/orders/bulk', { email: { event: 'order.placed', recipient: 'customer' }, orderIds: [order.id, missing] }), 202)
    await workerFor(ordo).drain()
    const job = must(await ordo.api('GET', `/jobs/${jobId}`), 200)
    expect(job.result.results).toEqual([
      { orderId: order.id, status: 'done' },
      { orderId: missing, status: 'refused', code: 'order_not_found', reason: expect.any(String) },
    ])
    expect(job.payload.actor).toBeUndefined()
  })

  it('checks the request and the caller before starting', async () => {
    expectProblem(await ordo.api('POST', '/orders/bulk', { orderIds: ['x'] }), 400, 'validation_failed')
    expectProblem(await ordo.api('POST', '/orders/bulk', { action: 'explode', orderIds: ['x'] }), 400, 'unknown_action')
    expectProblem(await ordo.api('POST', '/orders/bulk', { action: 'cancel' }), 400, 'validation_failed')
    expectProblem(await ordo.api('POST', '/orders/bulk', { action: 'cancel', filter: { status: 'nonsense' } }), 400, 'validation_failed')
    const callCentre = must(await ordo.api('POST', '/tokens', { name: 'cc', role: 'call_centre' }), 201).token
    expectProblem(await ordo.api('POST', '/orders/bulk', { action: 'override-payment', input: { reason: 'x' }, orderIds: ['x'] }, { authorization: `Bearer ${callCentre}` }), 403, 'forbidden')
    expectProblem(await ordo.api('POST', '/orders/bulk', { action: 'return', orderIds: ['x'] }, { authorization: `Bearer ${callCentre}` }), 403, 'forbidden')
  })
})
