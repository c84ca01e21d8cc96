/**
 * Deliveries and stock: back-orders, pre-orders and the allocation job, electronic
 * deliveries, returns, and the order list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { startOrdo, type Ordo } from './harness.ts'
import {
  advanceDelivery, card, createCustomer, createProduct, createWorld, dateIn, deliveryAction, deliveryOf, expectProblem,
  getHistory, getOrder, getStock, getTransactions, must, orderAction, orderBody, placeOrder, setStock,
} from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const runAllocation = async () => must(await ordo.api('POST', '/jobs/allocation', {}), 200)

/** Time passes: the release date of the order's pre-order deliveries (and of the product) is now yesterday. */
async function releaseDateArrives(orderId: string, sku: string) {
  const yesterday = dateIn(-1)
  await sql`update deliveries set available_from = ${yesterday}::date where order_id = ${orderId}::uuid and kind = 'preorder'`.execute(ordo.db)
  must(await ordo.api('PATCH', `/products/${sku}`, { availableFrom: yesterday }), 200)
}

describe('back-orders', () => {
  it('a back-orderable product out of stock goes to a back-order delivery, allocated when stock arrives', async () => {
    const world = await createWorld(ordo.api, { stock: 0 })
    const item = await createProduct(ordo.api, { backorder: true, prices: { CHF: 4900 } })
    const order = await placeOrder(ordo.api, world, [{ sku: item.sku, quantity: 3 }], card('test_ok', 'on_shipment'))
    expect(order.status).toBe('in_progress')
    const waiting = deliveryOf(order, 'backorder')
    expect(waiting).toMatchObject({ status: 'awaiting_inventory', allowedActions: [] })
    expect(order.deliveries).toHaveLength(1)

    // Nothing arrives: the job leaves it waiting.
    await runAllocation()
    expect(deliveryOf(await getOrder(ordo.api, order.id), 'backorder').status).toBe('awaiting_inventory')

    // Too little arrives: still waiting, and nothing reserved.
    await setStock(ordo.api, world.warehouse.code, item.sku, 2)
    await runAllocation()
    expect(deliveryOf(await getOrder(ordo.api, order.id), 'backorder').status).toBe('awaiting_inventory')
    expect(await getStock(ordo.api, item.sku)).toMatchObject({ onHand: 2, reserved: 0 })

    await setStock(ordo.api, world.warehouse.code, item.sku, 5)
    await runAllocation()
    const allocated = await getOrder(ordo.api, order.id)
    const delivery = deliveryOf(allocated, 'backorder')
    expect(delivery).toMatchObject({ status: 'allocated', warehouse: world.warehouse.code, allowedActions: ['pack'] })
    expect(await getStock(ordo.api, item.sku)).toMatchObject({ onHand: 5, reserved: 3, available: 2 })
    expect((await getHistory(ordo.api, order.id)).some((h) => h.deliveryId === delivery.id && h.to === 'allocated')).toBe(true)

    const shipped = await advanceDelivery(ordo.api, order.id, delivery.id, 'shipped')
    expect(shipped).toMatchObject({ status: 'partially_shipped', paymentStatus: 'paid' })
    expect(await getStock(ordo.api, item.sku)).toMatchObject({ onHand: 2, reserved: 0 })
  })

  it('a SKU on two lines of a back-order waits until both quantities are there together', async () => {
    const world = await createWorld(ordo.api, { stock: 0 })
    const item = await createProduct(ordo.api, { backorder: true, prices: { CHF: 1000 } })
    const order = await placeOrder(ordo.api, world, [{ sku: item.sku, quantity: 2 }, { sku: item.sku, quantity: 3 }], card('test_ok', 'on_shipment'))
    expect(deliveryOf(order, 'backorder').lines.map((l: any) => l.quantity)).toEqual([2, 3])

    // Enough for either line alone, not for both: nothing is reserved, nothing breaks.
    await setStock(ordo.api, world.warehouse.code, item.sku, 4)
    await runAllocation()
    expect(deliveryOf(await getOrder(ordo.api, order.id), 'backorder').status).toBe('awaiting_inventory')
    expect(await getStock(ordo.api, item.sku)).toMatchObject({ onHand: 4, reserved: 0 })

    await setStock(ordo.api, world.warehouse.code, item.sku, 5)
    await runAllocation()
    expect(deliveryOf(await getOrder(ordo.api, order.id), 'backorder').status).toBe('allocated')
    expect(await getStock(ordo.api, item.sku)).toMatchObject({ onHand: 5, reserved: 5 })
  })

  it('a line short of stock is split: what is there ships now, the rest waits', async () => {
    const world = await createWorld(ordo.api, { stock: 0 })
    const item = await createProduct(ordo.api, { backorder: true })
    await setStock(ordo.api, world.warehouse.code, item.sku, 2)
    const order = await placeOrder(ordo.api, world, [{ sku: item.sku, quantity: 5 }], { method: 'invoice' })
    const standard = deliveryOf(order, 'standard')
    const backorder = deliveryOf(order, 'backorder')
    expect(standard).toMatchObject({ status: 'allocated', lines: [expect.objectContaining({ sku: item.sku, quantity: 2 })] })
    expect(backorder).toMatchObject({ status: 'awaiting_inventory', lines: [expect.objectContaining({ sku: item.sku, quantity: 3 })] })
    expect(await getStock(ordo.api, item.sku)).toMatchObject({ onHand: 2, reserved: 2, available: 0 })
  })

  it('the oldest back-order is served first', async () => {
    const world = await createWorld(ordo.api, { stock: 0 })
    const item = await createProduct(ordo.api, { backorder: true })
    const first = await placeOrder(ordo.api, world, [{ sku: item.sku, quantity: 2 }], { method: 'invoice' })
    const second = await placeOrder(ordo.api, world, [{ sku: item.sku, quantity: 2 }], { method: 'invoice' })
    await setStock(ordo.api, world.warehouse.code, item.sku, 3)
    await runAllocation()
    expect(deliveryOf(await getOrder(ordo.api, first.id), 'backorder').status).toBe('allocated')
    expect(deliveryOf(await getOrder(ordo.api, second.id), 'backorder').status).toBe('awaiting_inventory')
    expect(await getStock(ordo.api, item.sku)).toMatchObject({ onHand: 3, reserved: 2 })
  })

  it('a back-order cancelled while waiting releases nothing it did not hold', async () => {
    const world = await createWorld(ordo.api, { stock: 0 })
    const item = await createProduct(ordo.api, { backorder: true })
    await setStock(ordo.api, world.warehouse.code, item.sku, 1)
    const order = await placeOrder(ordo.api, world, [{ sku: item.sku, quantity: 4 }], { method: 'invoice' })
    expect(await getStock(ordo.api, item.sku)).toMatchObject({ reserved: 1 })
    const cancelled = must(await orderAction(ordo.api, order.id, 'cancel'), 200)
    for (const d of cancelled.deliveries) expect(d.status).toBe('cancelled')
    expect(await getStock(ordo.api, item.sku)).toMatchObject({ onHand: 1, reserved: 0, available: 1 })
  })
})

describe('pre-orders', () => {
  it('wait for their release date, then the allocation job reserves their stock', async () => {
    const world = await createWorld(ordo.api, { stock: 0 })
    const item = await createProduct(ordo.api, { availableFrom: dateIn(30), prices: { CHF: 5900 } })
    await setStock(ordo.api, world.warehouse.code, item.sku, 10)
    const order = await placeOrder(ordo.api, world, [{ sku: item.sku, quantity: 2 }], card('test_ok', 'on_shipment'))
    expect(order).toMatchObject({ status: 'in_progress', paymentStatus: 'authorized' })
    expect(order.deliveries).toHaveLength(1)
    const preorder = deliveryOf(order, 'preorder')
    expect(preorder).toMatchObject({ status: 'awaiting_date', availableFrom: dateIn(30), allowedActions: [] })
    expect(await getStock(ordo.api, item.sku)).toMatchObject({ onHand: 10, reserved: 0 })

    await runAllocation()
    expect(deliveryOf(await getOrder(ordo.api, order.id), 'preorder').status).toBe('awaiting_date')

    await releaseDateArrives(order.id, item.sku)
    await runAllocation()
    const released = deliveryOf(await getOrder(ordo.api, order.id), 'preorder')
    expect(released).toMatchObject({ status: 'allocated', warehouse: world.warehouse.code })
    expect(await getStock(ordo.api, item.sku)).toMatchObject({ onHand: 10, reserved: 2, available: 8 })
  })

  it('released without stock, a pre-order waits for inventory', async () => {
    const world = await createWorld(ordo.api, { stock: 1 })
    const item = await createProduct(ordo.api, { availableFrom: dateIn(10) })
    const order = await placeOrder(ordo.api, world, [{ sku: item.sku, quantity: 1 }], { method: 'invoice' })
    expect(deliveryOf(order, 'preorder').status).toBe('awaiting_date')
    await releaseDateArrives(order.id, item.sku)
    await runAllocation()
    expect(deliveryOf(await getOrder(ordo.api, order.id), 'preorder').status).toBe('awaiting_inventory')
    await setStock(ordo.api, world.warehouse.code, item.sku, 1)
    await runAllocation()
    expect(deliveryOf(await getOrder(ordo.api, order.id), 'preorder').status).toBe('allocated')
  })
})

describe('electronic deliveries', () => {
  it('are delivered at once when the order is in progress; an all-electronic order completes', async () => {
    const world = await createWorld(ordo.api, { stock: 0 })
    const ebook = await createProduct(ordo.api, { kind: 'electronic', prices: { CHF: 1200 } })
    const order = await placeOrder(ordo.api, world, [{ sku: ebook.sku, quantity: 1 }], card('test_ok'))
    expect(order).toMatchObject({ status: 'completed', paymentStatus: 'paid' })
    expect(deliveryOf(order, 'electronic')).toMatchObject({ status: 'delivered', allowedActions: [] })
    expect(order.deliveries).toHaveLength(1)
  })

  it('wait for the money of a bank transfer, then go out at once', async () => {
    const world = await createWorld(ordo.api, { stock: 3 })
    const ebook = await createProduct(ordo.api, { kind: 'electronic', prices: { CHF: 1200 } })
    const order = await placeOrder(ordo.api, world, [{ sku: ebook.sku, quantity: 1 }, { sku: world.product.sku, quantity: 1 }], { method: 'bank_transfer' })
    expect(deliveryOf(order, 'electronic').status).not.toBe('delivered')
    expectProblem(await deliveryAction(ordo.api, order.id, deliveryOf(order, 'electronic').id, 'pack'), 409, 'transition_not_allowed')
    const paid = must(await orderAction(ordo.api, order.id, 'confirm-payment'), 200)
    expect(deliveryOf(paid, 'electronic').status).toBe('delivered')
    expect(deliveryOf(paid, 'standard').status).toBe('allocated')
    expect(paid.status).toBe('partially_shipped')
  })

  it('captured on shipment: the electronic part is captured when it is delivered', async () => {
    const world = await createWorld(ordo.api, { stock: 3, price: 2000 })
    const ebook = await createProduct(ordo.api, { kind: 'electronic', prices: { CHF: 1200 } })
    const order = await placeOrder(ordo.api, world, [{ sku: ebook.sku, quantity: 1 }, { sku: world.product.sku, quantity: 1 }], card('test_ok', 'on_shipment'))
    expect(deliveryOf(order, 'electronic').status).toBe('delivered')
    const captures = (await getTransactions(ordo.api, order.id)).filter((t) => t.operation === 'CAPTURE')
    expect(captures).toEqual([expect.objectContaining({ status: 'succeeded', deliveryId: deliveryOf(order, 'electronic').id })])
    expect(order.paymentStatus).toBe('partially_paid')
  })
})

describe('returns', () => {
  it('a full return refunds what was captured, restocks, and leaves the order returned', async () => {
    const world = await createWorld(ordo.api, { stock: 4 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], card('test_ok'), { shippingCost: 700 })
    const delivery = deliveryOf(order, 'standard')
    await advanceDelivery(ordo.api, order.id, delivery.id, 'delivered')
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 2, reserved: 0 })

    const returned = must(await orderAction(ordo.api, order.id, 'return', { note: 'Wrong size', clientNote: 'Refund is on its way' }), 200)
    expect(returned).toMatchObject({ status: 'returned', paymentStatus: 'refunded' })
    expect(returned.payment).toMatchObject({ captured: order.totals.total, refunded: order.totals.total, outstanding: 0 })
    expect(deliveryOf(returned, 'standard').status).toBe('returned')
    expect(returned.allowedActions).toEqual([])
    const transactions = await getTransactions(ordo.api, order.id)
    expect(transactions.map((t) => [t.operation, t.status, t.amount])).toEqual([
      ['AUTH_CAPTURE', 'succeeded', order.totals.total], ['REFUND', 'succeeded', order.totals.total],
    ])
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 4, reserved: 0, available: 4 })
    const history = await getHistory(ordo.api, order.id)
    expect(history.some((h) => h.action === 'return' && h.to === 'returned' && h.note === 'Wrong size')).toBe(true)
  })

  it('return is refused before anything shipped (cancel is the way), and after a cancel', async () => {
    const world = await createWorld(ordo.api, { stock: 4 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok'))
    expectProblem(await orderAction(ordo.api, order.id, 'return'), 409, 'transition_not_allowed')
    must(await orderAction(ordo.api, order.id, 'cancel'), 200)
    expectProblem(await orderAction(ordo.api, order.id, 'return'), 409, 'transition_not_allowed')
  })

  it('a failed refund on return changes nothing but the log', async () => {
    const world = await createWorld(ordo.api, { stock: 4 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card('test_refund_fail'))
    await advanceDelivery(ordo.api, order.id, deliveryOf(order, 'standard').id, 'delivered')
    expectProblem(await orderAction(ordo.api, order.id, 'return'), 502, 'payment_failed')
    const after = await getOrder(ordo.api, order.id)
    expect(after).toMatchObject({ status: 'completed', paymentStatus: 'paid' })
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 3 })
    expect(await getTransactions(ordo.api, order.id)).toContainEqual(expect.objectContaining({ operation: 'REFUND', status: 'failed' }))
  })
})

describe('the order list', () => {
  it('filters by status, customer and SKU, searches, and pages with a cursor', async () => {
    const world = await createWorld(ordo.api, { stock: 20 })
    const customer = await createCustomer(ordo.api)
    const mine = { shop: world.shop, customer }
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await placeOrder(ordo.api, mine, [{ sku: world.product.sku, quantity: 1 }], { method: i < 2 ? 'bank_transfer' : 'invoice' })).id)

    const byCustomer = must(await ordo.api('GET', `/orders?customer=${customer.id}&limit=10`), 200)
    expect(byCustomer.items.map((o: any) => o.id).sort()).toEqual([...ids].sort())
    const waiting = must(await ordo.api('GET', `/orders?customer=${customer.id}&status=awaiting_payment`), 200)
    expect(waiting.items).toHaveLength(2)
    const both = must(await ordo.api('GET', `/orders?customer=${customer.id}&status=awaiting_payment,in_progress`), 200)
    expect(both.items).toHaveLength(5)
    const byEmail = must(await ordo.api('GET', `/orders?q=${encodeURIComponent(customer.email)}`), 200)
    expect(byEmail.items).toHaveLength(5)
    const one = await getOrder(ordo.api, ids[3])
    const byNumber = must(await ordo.api('GET', `/orders?q=${encodeURIComponent(one.number)}`), 200)
    expect(byNumber.items.map((o: any) => o.id)).toEqual([one.id])

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: any = must(await ordo.api('GET', `/orders?customer=${customer.id}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), 200)
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((o: any) => o.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(5)
    expect(new Set(seen).size).toBe(5)

    const customerOrders = must(await ordo.api('GET', `/customers/${customer.id}/orders`), 200)
    expect(customerOrders.items).toHaveLength(5)
  })

  it('a guest order by e-mail finds or creates the customer', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const email = `guest-${Date.now()}@example.test`
    const body = { ...orderBody(world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' }), customer: { email, name: 'Guest Person' } }
    const a = must(await ordo.api('POST', '/orders', body), 201)
    const b = must(await ordo.api('POST', '/orders', { ...body, customer: { email: email.toUpperCase(), name: 'Guest Person' } }), 201)
    expect(a.customer.id).toBe(b.customer.id)
    expect(must(await ordo.api('GET', `/customers/${a.customer.id}`), 200).email.toLowerCase()).toBe(email)
  })
})
