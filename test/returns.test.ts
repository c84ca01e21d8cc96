/** A9 returns and refunds, A7 payments that never get stuck: RMAs by line, restock or write-off, refunds by line and by amount. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type ApiHeaders, type Ordo } from './harness.ts'
import {
  advanceDelivery, card, createProduct, createWorld, deliveryAction, deliveryOf, expectProblem, getHistory, getOrder, getStock,
  getTransactions, must, orderAction, placeOrder, setStock, sumOf, uid,
} from './fixtures.ts'
import { workerFor } from './jobs-support.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const as = (token: string): ApiHeaders => ({ authorization: `Bearer ${token}` })
const authorize = (orderId: string, body: unknown, headers?: ApiHeaders) => ordo.api('POST', `/orders/${orderId}/returns`, body, headers)
const act = (returnId: string, action: string, body: unknown = {}, headers?: ApiHeaders) => ordo.api('POST', `/returns/${returnId}/actions/${action}`, body, headers)

/** Two mugs at 10.00 and a plate at 5.00, paid by card and delivered. */
async function deliveredOrder(token = 'test_ok') {
  const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
  const plate = await createProduct(ordo.api, { prices: { CHF: 500 } })
  await setStock(ordo.api, world.warehouse.code, plate.sku, 10)
  const placed = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }, { sku: plate.sku, quantity: 1 }], card(token))
  const order = await advanceDelivery(ordo.api, placed.id, placed.deliveries[0].id, 'delivered')
  const mug = order.lines.find((l: any) => l.sku === world.product.sku)
  const plateLine = order.lines.find((l: any) => l.sku === plate.sku)
  return { world, order, mug, plate: plateLine }
}

describe('returns by line', () => {
  it('authorises shipped units only, restocks what is received, refunds its value; the order stays completed, partially refunded', async () => {
    const { world, order, mug } = await deliveredOrder()
    expect(order).toMatchObject({ status: 'completed', paymentStatus: 'paid' })
    expect((await getStock(ordo.api, world.product.sku)).onHand).toBe(8)

    expectProblem(await authorize(order.id, { lines: [{ lineId: mug.id, quantity: 3 }], reason: 'Broken' }), 400, 'validation_failed')
    const rma = must(await authorize(order.id, { lines: [{ lineId: mug.id, quantity: 1 }], reason: 'Broken handle', clientNote: 'Sorry about that' }), 201)
    expect(rma).toMatchObject({ status: 'authorized', number: `${order.number}-R1`, lines: [{ lineId: mug.id, quantity: 1, received: 0, unitValue: 1000 }] })
    expect(rma.allowedActions).toEqual(['receive', 'cancel'])
    // One mug is on the return already: only one more can come back.
    expectProblem(await authorize(order.id, { lines: [{ lineId: mug.id, quantity: 2 }], reason: 'x' }), 400, 'validation_failed')

    const received = must(await act(rma.id, 'receive', { lines: [{ lineId: mug.id, quantity: 1, disposition: 'restock' }] }), 200)
    expect(received).toMatchObject({ status: 'received', lines: [{ received: 1, restocked: 1, writtenOff: 0, warehouse: world.warehouse.code }] })
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 9, reserved: 0 })

    const refunded = must(await act(rma.id, 'refund', { reason: 'Returned' }), 200)
    expect(refunded).toMatchObject({ status: 'refunded', refunded: 1000, allowedActions: [] })
    const after = await getOrder(ordo.api, order.id)
    expect(after).toMatchObject({ status: 'completed', paymentStatus: 'partially_refunded' })
    expect(after.payment).toMatchObject({ captured: 2500, refunded: 1000, outstanding: 0 })
    expect(sumOf(await getTransactions(ordo.api, order.id), 'REFUND')).toBe(1000)

    const history = await getHistory(ordo.api, order.id)
    expect(history.map((h) => h.action)).toEqual(expect.arrayContaining(['return-authorize', 'return-receive', 'return-refund']))
    expect(history.find((h) => h.action === 'return-authorize')).toMatchObject({ note: expect.stringContaining(rma.number), clientNote: 'Sorry about that' })

    await workerFor(ordo).drain()
    const mail = must(await ordo.api('GET', `/mail?orderId=${order.id}`), 200).items as any[]
    const rmaMail = mail.find((m) => m.event === 'return.authorized')
    expect(rmaMail?.to).toEqual([world.customer.email])
    expect(rmaMail?.text).toContain(rma.number)

    const listed = must(await ordo.api('GET', `/orders/${order.id}/returns`), 200).items
    expect(listed.map((r: any) => r.id)).toEqual([rma.id])
    const all = must(await ordo.api('GET', `/returns?status=refunded&shop=${world.shop.code}`), 200).items
    expect(all).toEqual([expect.objectContaining({ id: rma.id, orderNumber: order.number })])
  })

  it('writes off what cannot be sold again (stock unchanged) and refunds a chosen amount', async () => {
    const { world, order, plate } = await deliveredOrder()
    const before = await getStock(ordo.api, plate.sku)
    const rma = must(await authorize(order.id, { lines: [{ lineId: plate.id, quantity: 1 }], reason: 'Arrived broken' }), 201)
    must(await act(rma.id, 'receive', { lines: [{ lineId: plate.id, quantity: 1, disposition: 'write_off' }] }), 200)
    expect(await getStock(ordo.api, plate.sku)).toEqual(before)
    const done = must(await act(rma.id, 'refund', { amount: 300, reason: 'Partial credit agreed' }), 200)
    expect(done.refunded).toBe(300)
    const after = await getOrder(ordo.api, order.id)
    expect(after.payment).toMatchObject({ refunded: 300, outstanding: 0 })
    expect(after.paymentStatus).toBe('partially_refunded')
    expect((await getStock(ordo.api, world.product.sku)).onHand).toBe(8)
  })

  it('refunds by line: only what came back', async () => {
    const { order, mug } = await deliveredOrder()
    const rma = must(await authorize(order.id, { lines: [{ lineId: mug.id, quantity: 2 }], reason: 'Wrong colour' }), 201)
    must(await act(rma.id, 'receive', { lines: [{ lineId: mug.id, quantity: 1, disposition: 'restock' }] }), 200)
    expectProblem(await act(rma.id, 'refund', { lines: [{ lineId: mug.id, quantity: 2 }], reason: 'x' }), 400, 'validation_failed')
    expect(must(await act(rma.id, 'refund', { lines: [{ lineId: mug.id, quantity: 1 }], reason: 'One back' }), 200).refunded).toBe(1000)
    // The unit that never came back can go on a new return.
    must(await authorize(order.id, { lines: [{ lineId: mug.id, quantity: 1 }], reason: 'The second one' }), 201)
  })

  it('makes the order returned only when everything shipped came back, with shipping refunded', async () => {
    const { world, order, mug, plate } = await deliveredOrder()
    const first = must(await authorize(order.id, { lines: [{ lineId: mug.id, quantity: 2 }], reason: 'Changed mind' }), 201)
    must(await act(first.id, 'receive', { lines: [{ lineId: mug.id, quantity: 1, disposition: 'restock' }, { lineId: mug.id, quantity: 1, disposition: 'write_off' }] }), 200)
    expect((await getOrder(ordo.api, order.id)).status).toBe('completed')
    const second = must(await authorize(order.id, { lines: [{ lineId: plate.id, quantity: 1 }], reason: 'Changed mind' }), 201)
    expect(second.number).toBe(`${order.number}-R2`)
    must(await act(second.id, 'receive', { lines: [{ lineId: plate.id, quantity: 1, disposition: 'restock' }] }), 200)
    const returned = await getOrder(ordo.api, order.id)
    expect(returned.status).toBe('returned')
    expect(returned.deliveries.map((d: any) => d.status)).toEqual(['returned'])
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 9 })
    expect(must(await act(first.id, 'refund', { reason: 'Returned' }), 200).refunded).toBe(2000)
    expect(must(await act(second.id, 'refund', { reason: 'Returned', includeShipping: true }), 200).refunded).toBe(500 + order.totals.shipping)
    const after = await getOrder(ordo.api, order.id)
    expect(after.paymentStatus).toBe(order.totals.shipping === 0 ? 'refunded' : 'refunded')
    expect(after.payment.refunded).toBe(after.payment.captured)
  })

  it('cancels an RMA before anything came back, freeing its units; refuses actions out of turn', async () => {
    const { order, mug } = await deliveredOrder()
    const rma = must(await authorize(order.id, { lines: [{ lineId: mug.id, quantity: 2 }], reason: 'x' }), 201)
    expectProblem(await act(rma.id, 'refund', { reason: 'too early' }), 409, 'transition_not_allowed')
    expect(must(await act(rma.id, 'cancel', { note: 'Customer kept them' }), 200).status).toBe('cancelled')
    expectProblem(await act(rma.id, 'receive', { lines: [{ lineId: mug.id, quantity: 1, disposition: 'restock' }] }), 409, 'transition_not_allowed')
    must(await authorize(order.id, { lines: [{ lineId: mug.id, quantity: 2 }], reason: 'after all' }), 201)
    expectProblem(await act('00000000-0000-7000-8000-000000000000', 'cancel'), 404, 'return_not_found')
    expectProblem(await act(rma.id, 'receive', { lines: [{ lineId: 'nope', quantity: 1, disposition: 'restock' }] }), 409, 'transition_not_allowed')
  })

  it('refuses a return before anything shipped, and bad input, changing nothing', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    expectProblem(await authorize(order.id, { lines: [{ lineId: order.lines[0].id, quantity: 1 }], reason: 'x' }), 409, 'transition_not_allowed')
    expectProblem(await authorize(order.id, { lines: [], reason: 'x' }), 400, 'validation_failed')
    expectProblem(await authorize(order.id, { lines: [{ lineId: order.lines[0].id, quantity: -1 }], reason: 'x' }), 400, 'validation_failed')
    expect(must(await ordo.api('GET', `/orders/${order.id}/returns`), 200).items).toEqual([])
    expectProblem(await ordo.api('GET', '/returns?status=lost'), 400, 'validation_failed')
  })

  it('honours Idempotency-Key on every return action: a retry gets the first answer and changes nothing', async () => {
    const { order, mug } = await deliveredOrder()
    const key = { 'idempotency-key': `rma-${uid()}` }
    const body = { lines: [{ lineId: mug.id, quantity: 1 }], reason: 'Broken' }
    const first = must(await authorize(order.id, body, key), 201)
    const again = await authorize(order.id, body, key)
    expect(must(again, 201).id).toBe(first.id)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(must(await ordo.api('GET', `/orders/${order.id}/returns`), 200).items).toHaveLength(1)

    const receive = { lines: [{ lineId: mug.id, quantity: 1, disposition: 'restock' }] }
    const rkey = { 'idempotency-key': `rcv-${uid()}` }
    must(await act(first.id, 'receive', receive, rkey), 200)
    must(await act(first.id, 'receive', receive, rkey), 200)
    const fkey = { 'idempotency-key': `ref-${uid()}` }
    must(await act(first.id, 'refund', { reason: 'Back' }, fkey), 200)
    must(await act(first.id, 'refund', { reason: 'Back' }, fkey), 200)
    expect(sumOf(await getTransactions(ordo.api, order.id), 'REFUND')).toBe(1000)
    // The same key for another request is refused.
    expectProblem(await act(first.id, 'refund', { reason: 'Other' }, fkey), 422, 'idempotency_key_reused')
  })

  it("hides another shop's returns: 404 for its RMA, lists filtered", async () => {
    const { world, order, mug } = await deliveredOrder()
    const rma = must(await authorize(order.id, { lines: [{ lineId: mug.id, quantity: 1 }], reason: 'x' }), 201)
    const other = await createWorld(ordo.api)
    const token = must(await ordo.api('POST', '/tokens', { name: `other ${uid()}`, role: 'administrator', shops: [other.shop.code] }), 201).token
    expectProblem(await act(rma.id, 'cancel', {}, as(token)), 404, 'return_not_found')
    expectProblem(await ordo.api('GET', `/orders/${order.id}/returns`, undefined, as(token)), 404, 'order_not_found')
    expect(must(await ordo.api('GET', `/returns?shop=${world.shop.code}`, undefined, as(token)), 200).items).toEqual([])
    expectProblem(await authorize(order.id, { lines: [{ lineId: mug.id, quantity: 1 }], reason: 'x' }, as(token)), 404, 'order_not_found')
  })
})

describe('refunds without a return', () => {
  it('refunds goodwill up to what was paid minus refunded, with a history entry', async () => {
    const { order } = await deliveredOrder()
    const paid = order.payment.captured
    expectProblem(await orderAction(ordo.api, order.id, 'refund', { amount: paid + 1, reason: 'too much' }), 422, 'refund_too_large')
    expectProblem(await orderAction(ordo.api, order.id, 'refund', { amount: 0, reason: 'nothing' }), 400, 'validation_failed')
    expectProblem(await orderAction(ordo.api, order.id, 'refund', { amount: 100 }), 400, 'validation_failed')
    const after = must(await orderAction(ordo.api, order.id, 'refund', { amount: 500, reason: 'Late delivery', clientNote: 'A small thank-you for waiting' }), 200)
    expect(after).toMatchObject({ status: 'completed', paymentStatus: 'partially_refunded' })
    expect(after.payment).toMatchObject({ refunded: 500, outstanding: 0 })
    expectProblem(await orderAction(ordo.api, order.id, 'refund', { amount: paid - 499, reason: 'too much' }), 422, 'refund_too_large')
    expect((await getHistory(ordo.api, order.id)).find((h) => h.action === 'refund')).toMatchObject({ note: expect.stringContaining('Late delivery'), clientNote: 'A small thank-you for waiting' })
  })

  it('when the gateway refuses, says nothing was refunded, and takes a manual refund with a reason', async () => {
    const { order } = await deliveredOrder('test_refund_fail')
    const refused = await orderAction(ordo.api, order.id, 'refund', { amount: 700, reason: 'Goodwill' })
    expectProblem(refused, 502, 'payment_failed')
    expect(refused.body).toMatchObject({ manualRefundPossible: true, detail: expect.stringContaining('Nothing was refunded') })
    expect((await getOrder(ordo.api, order.id)).payment.refunded).toBe(0)
    const manual = must(await orderAction(ordo.api, order.id, 'refund', { amount: 700, reason: 'Paid back by bank transfer', manual: true }), 200)
    expect(manual.payment.refunded).toBe(700)
    const offline = (await getTransactions(ordo.api, order.id)).filter((t) => t.operation === 'OFFLINE_REFUND')
    expect(offline).toEqual([expect.objectContaining({ amount: 700, status: 'succeeded', message: 'Paid back by bank transfer' })])
  })

  it('override then cancel: the overridden money is refunded offline, not through the card gateway', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card('test_capture_decline', 'on_shipment'))
    const delivery = deliveryOf(order, 'standard')
    await advanceDelivery(ordo.api, order.id, delivery.id, 'ready_to_ship')
    expectProblem(await deliveryAction(ordo.api, order.id, delivery.id, 'ship', { carrier: 'Post CH', trackingNumber: 'T1' }), 402, 'payment_declined')
    must(await orderAction(ordo.api, order.id, 'override-payment', { reason: 'Paid by bank transfer instead' }), 200)
    const cancelled = must(await orderAction(ordo.api, order.id, 'cancel', { note: 'Customer withdrew' }), 200)
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.payment.refunded).toBe(order.totals.total)
    const tx = (await getTransactions(ordo.api, order.id)).map((t) => [t.operation, t.status])
    expect(tx).toContainEqual(['OFFLINE_REFUND', 'succeeded'])
    expect(tx).not.toContainEqual(['REFUND', 'failed'])
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 5, reserved: 0 })
  })

  it('parallel refunds never give back more than was paid', async () => {
    const { order } = await deliveredOrder()
    const paid = order.payment.captured
    const results = await Promise.all(Array.from({ length: 8 }, () => orderAction(ordo.api, order.id, 'refund', { amount: 1000, reason: 'race' })))
    const ok = results.filter((r) => r.status === 200).length
    for (const r of results) if (r.status !== 200) expectProblem(r, 422, 'refund_too_large')
    expect(ok).toBe(Math.floor(paid / 1000))
    const after = await getOrder(ordo.api, order.id)
    expect(after.payment.refunded).toBe(ok * 1000)
    expect(sumOf(await getTransactions(ordo.api, order.id), 'REFUND')).toBe(ok * 1000)
  })
})

describe('order actions honour Idempotency-Key', () => {
  it('a retried confirm-payment {amount} records the money once', async () => {
    const world = await createWorld(ordo.api, { stock: 5, price: 2000 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'bank_transfer' })
    const key = { 'idempotency-key': `pay-${uid()}` }
    const first = must(await ordo.api('POST', `/orders/${order.id}/actions/confirm-payment`, { amount: 500 }, key), 200)
    const again = await ordo.api('POST', `/orders/${order.id}/actions/confirm-payment`, { amount: 500 }, key)
    expect(must(again, 200).version).toBe(first.version)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(sumOf(await getTransactions(ordo.api, order.id), 'OFFLINE')).toBe(500)
    expect((await getOrder(ordo.api, order.id)).payment.captured).toBe(500)
  })
})

describe('the whole-order return', () => {
  it('is refused once the order has returns by line, so no unit is restocked or refunded twice', async () => {
    const { order, mug } = await deliveredOrder()
    const rma = must(await authorize(order.id, { lines: [{ lineId: mug.id, quantity: 1 }], reason: 'x' }), 201)
    expectProblem(await orderAction(ordo.api, order.id, 'return', {}), 409, 'transition_not_allowed')
    must(await act(rma.id, 'cancel'), 200)
    expect(must(await orderAction(ordo.api, order.id, 'return', {}), 200).status).toBe('returned')
  })
})
