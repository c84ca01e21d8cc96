/**
 * The payment flows of seed 002, as a user sees them: the order, its transactions and
 * the stock, after each step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import {
  advanceDelivery, card, createProduct, createWarehouse, createWorld, deliveryAction, deliveryOf, expectProblem,
  getHistory, getOrder, getStock, getTransactions, must, orderAction, orderBody, placeOrder, setStock, sumOf, uid,
  type Payment, type World,
} from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

/**
 * Places an order whose payment fails: the answer is a 402/502 problem naming the order,
 * which is kept, cancelled, with the attempt in its log.
 */
async function placeFailing(world: World, quantity: number, payment: Payment, problem: { status: number; code: string }) {
  const res = await ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity }], payment))
  expectProblem(res, problem.status, problem.code)
  // The customer is new to this test, so their only order is this one.
  const list = must(await ordo.api('GET', `/customers/${world.customer.id}/orders`), 200)
  expect(list.items).toHaveLength(1)
  expect(res.body.orderId).toBe(list.items[0].id)
  return getOrder(ordo.api, list.items[0].id)
}

const ship = (orderId: string, deliveryId: string) =>
  deliveryAction(ordo.api, orderId, deliveryId, 'ship', { carrier: 'Post CH', trackingNumber: `TRK${uid()}` })

describe('card, captured at placement (AUTH_CAPTURE)', () => {
  it('test_ok: paid and in progress; shipping captures nothing more; delivered completes it', async () => {
    const world = await createWorld(ordo.api, { stock: 5, price: 2990 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], card('test_ok', 'immediate'), { shippingCost: 790 })
    expect(order).toMatchObject({ status: 'in_progress', paymentStatus: 'paid', shop: world.shop.code })
    expect(order.totals).toMatchObject({ currency: 'CHF', subtotal: 5980, shipping: 790, total: 6770 })
    expect(order.payment).toMatchObject({ method: 'card', capture: 'immediate', authorized: 6770, captured: 6770, refunded: 0, outstanding: 0 })
    expect(order.number).toMatch(new RegExp(`^${world.shop.code}-`))
    expect(order.invoiceNumber).toMatch(new RegExp(`^I${world.shop.code}-`))
    const delivery = deliveryOf(order, 'standard')
    expect(delivery).toMatchObject({ status: 'allocated', warehouse: world.warehouse.code })
    expect(delivery.allowedActions).toEqual(['pack'])
    expect(order.allowedActions).toContain('cancel')

    const transactions = await getTransactions(ordo.api, order.id)
    expect(transactions).toHaveLength(1)
    expect(transactions[0]).toMatchObject({ operation: 'AUTH_CAPTURE', amount: 6770, status: 'succeeded' })
    expect(transactions[0].reference).toBeTruthy()
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 5, reserved: 2, available: 3 })

    const shipped = await advanceDelivery(ordo.api, order.id, delivery.id, 'shipped')
    expect(shipped.status).toBe('partially_shipped')
    expect(deliveryOf(shipped, 'standard')).toMatchObject({ status: 'shipped', carrier: 'Post CH' })
    expect(deliveryOf(shipped, 'standard').trackingNumber).toMatch(/^TRK/)
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 3, reserved: 0, available: 3 })
    expect(await getTransactions(ordo.api, order.id)).toHaveLength(1)

    const done = must(await deliveryAction(ordo.api, order.id, delivery.id, 'deliver'), 200)
    expect(done).toMatchObject({ status: 'completed', paymentStatus: 'paid' })
    expect(deliveryOf(done, 'standard').status).toBe('delivered')
    expect(done.allowedActions).toContain('return')
    expect(done.allowedActions).not.toContain('cancel')
  })

  it('test_decline: the order is cancelled, stock released, the attempt logged', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeFailing(world, 2, card('test_decline'), { status: 402, code: 'payment_declined' })
    expect(order.status).toBe('cancelled')
    expect(['unpaid', 'voided']).toContain(order.paymentStatus)
    expect(order.payment).toMatchObject({ captured: 0, authorized: 0 })
    for (const d of order.deliveries) expect(d.status).toBe('cancelled')
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 5, reserved: 0, available: 5 })
    const transactions = await getTransactions(ordo.api, order.id)
    expect(transactions).toEqual([expect.objectContaining({ operation: 'AUTH_CAPTURE', status: 'declined' })])
    expect(transactions[0].message).toBeTruthy()
    const history = await getHistory(ordo.api, order.id)
    expect(history.some((h) => h.type === 'payment' && h.action === 'AUTH_CAPTURE')).toBe(true)
    expect(history.some((h) => h.to === 'cancelled')).toBe(true)
  })

  it('test_error: the gateway failure cancels the order, the attempt logged as failed', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeFailing(world, 1, card('test_error', 'on_shipment'), { status: 502, code: 'payment_failed' })
    expect(order.status).toBe('cancelled')
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 0, available: 5 })
    expect(await getTransactions(ordo.api, order.id)).toEqual([expect.objectContaining({ operation: 'AUTH', status: 'failed' })])
  })

  it('cancel before shipment refunds what was captured and releases the stock', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 3 }], card('test_ok'))
    await advanceDelivery(ordo.api, order.id, deliveryOf(order, 'standard').id, 'packing')
    const cancelled = must(await orderAction(ordo.api, order.id, 'cancel', { note: 'customer called', clientNote: 'Cancelled as asked' }), 200)
    expect(cancelled).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' })
    expect(cancelled.payment).toMatchObject({ captured: order.totals.total, refunded: order.totals.total, outstanding: 0 })
    expect(cancelled.allowedActions).toEqual([])
    expect(deliveryOf(cancelled, 'standard').status).toBe('cancelled')
    const transactions = await getTransactions(ordo.api, order.id)
    expect(transactions.map((t) => [t.operation, t.status])).toEqual([['AUTH_CAPTURE', 'succeeded'], ['REFUND', 'succeeded']])
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 5, reserved: 0, available: 5 })
    expectProblem(await orderAction(ordo.api, order.id, 'cancel'), 409, 'transition_not_allowed')
  })

  it('test_refund_fail: a failed refund is logged, and the money is not shown as refunded', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card('test_refund_fail'))
    const res = await orderAction(ordo.api, order.id, 'cancel')
    // The refund failed, so nothing else changes: the order stays as it was, its stock still held.
    expectProblem(res, 502, 'payment_failed')
    const after = await getOrder(ordo.api, order.id)
    expect(after.status).toBe('in_progress')
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 1 })
    const transactions = await getTransactions(ordo.api, order.id)
    expect(transactions).toContainEqual(expect.objectContaining({ operation: 'REFUND', status: 'failed' }))
    expect(after.payment.refunded).toBe(0)
    expect(after.paymentStatus).not.toBe('refunded')
    const history = await getHistory(ordo.api, order.id)
    expect(history.some((h) => h.type === 'payment' && h.action === 'REFUND' && h.to === 'failed')).toBe(true)
  })
})

describe('card, authorised at placement and captured on shipment', () => {
  it('test_ok: AUTH, then a CAPTURE of the delivery when it ships', async () => {
    const world = await createWorld(ordo.api, { stock: 5, price: 1000 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], card('test_ok', 'on_shipment'))
    expect(order).toMatchObject({ status: 'in_progress', paymentStatus: 'authorized' })
    expect(order.payment).toMatchObject({ capture: 'on_shipment', authorized: order.totals.total, captured: 0, outstanding: order.totals.total })
    const delivery = deliveryOf(order, 'standard')
    const shipped = await advanceDelivery(ordo.api, order.id, delivery.id, 'shipped')
    expect(shipped).toMatchObject({ status: 'partially_shipped', paymentStatus: 'paid' })
    expect(shipped.payment).toMatchObject({ captured: order.totals.total, outstanding: 0 })
    const transactions = await getTransactions(ordo.api, order.id)
    expect(transactions.map((t) => [t.operation, t.status])).toEqual([['AUTH', 'succeeded'], ['CAPTURE', 'succeeded']])
    expect(transactions[1]).toMatchObject({ amount: order.totals.total, deliveryId: delivery.id })
  })

  it('two deliveries are captured one by one, each when it ships', async () => {
    const world = await createWorld(ordo.api, { stock: 3, price: 1000 })
    const other = await createProduct(ordo.api, { prices: { CHF: 2500 } })
    const second = await createWarehouse(ordo.api)
    await setStock(ordo.api, second.code, other.sku, 3)
    const order = await placeOrder(ordo.api, world,
      [{ sku: world.product.sku, quantity: 1 }, { sku: other.sku, quantity: 1 }], card('test_ok', 'on_shipment'), { shippingCost: 500 })
    const standard = order.deliveries.filter((d: any) => d.kind === 'standard')
    expect(standard).toHaveLength(2)
    const first = await advanceDelivery(ordo.api, order.id, standard[0].id, 'shipped')
    expect(first).toMatchObject({ status: 'partially_shipped', paymentStatus: 'partially_paid' })
    const captured = first.payment.captured
    expect(captured).toBeGreaterThan(0)
    expect(captured).toBeLessThan(order.totals.total)
    const last = await advanceDelivery(ordo.api, order.id, standard[1].id, 'shipped')
    expect(last).toMatchObject({ status: 'partially_shipped', paymentStatus: 'paid' })
    const transactions = await getTransactions(ordo.api, order.id)
    expect(transactions.filter((t) => t.operation === 'CAPTURE').map((t) => t.deliveryId)).toEqual([standard[0].id, standard[1].id])
    expect(sumOf(transactions, 'CAPTURE')).toBe(order.totals.total)
    must(await deliveryAction(ordo.api, order.id, standard[0].id, 'deliver'), 200)
    const done = must(await deliveryAction(ordo.api, order.id, standard[1].id, 'deliver'), 200)
    expect(done.status).toBe('completed')
  })

  it('a shop that captures once per order takes everything at the first shipment', async () => {
    const world = await createWorld(ordo.api, { stock: 3, price: 1000, shop: { capturePer: 'order' } })
    const other = await createProduct(ordo.api, { prices: { CHF: 2500 } })
    const second = await createWarehouse(ordo.api)
    await setStock(ordo.api, second.code, other.sku, 3)
    const order = await placeOrder(ordo.api, world,
      [{ sku: world.product.sku, quantity: 1 }, { sku: other.sku, quantity: 1 }], card('test_ok', 'on_shipment'))
    const standard = order.deliveries.filter((d: any) => d.kind === 'standard')
    expect(standard).toHaveLength(2)
    const first = await advanceDelivery(ordo.api, order.id, standard[0].id, 'shipped')
    expect(first.paymentStatus).toBe('paid')
    await advanceDelivery(ordo.api, order.id, standard[1].id, 'shipped')
    const captures = (await getTransactions(ordo.api, order.id)).filter((t) => t.operation === 'CAPTURE')
    expect(captures).toHaveLength(1)
    expect(captures[0].amount).toBe(order.totals.total)
  })

  it('test_capture_decline: the delivery stays ready to ship, awaiting payment, until override-payment', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card('test_capture_decline', 'on_shipment'))
    expect(order.paymentStatus).toBe('authorized')
    const delivery = deliveryOf(order, 'standard')
    await advanceDelivery(ordo.api, order.id, delivery.id, 'ready_to_ship')
    const refused = await ship(order.id, delivery.id)
    expect(refused.status, JSON.stringify(refused.body)).not.toBe(200)
    expectProblem(refused, 402, 'payment_declined')

    const waiting = await getOrder(ordo.api, order.id)
    expect(waiting.status).toBe('in_progress')
    expect(deliveryOf(waiting, 'standard')).toMatchObject({ status: 'ready_to_ship', awaitingPayment: true })
    expect(waiting.allowedActions).toContain('override-payment')
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 5, reserved: 1 })
    expect(await getTransactions(ordo.api, order.id)).toContainEqual(expect.objectContaining({ operation: 'CAPTURE', status: 'declined', deliveryId: delivery.id }))

    const overridden = must(await orderAction(ordo.api, order.id, 'override-payment', { reason: 'Paid by bank transfer instead' }), 200)
    expect(overridden.paymentStatus).toBe('paid')
    expect(deliveryOf(overridden, 'standard').awaitingPayment).toBe(false)
    const transactions = await getTransactions(ordo.api, order.id)
    expect(transactions).toContainEqual(expect.objectContaining({ operation: 'OVERRIDE', status: 'succeeded' }))

    const shipped = must(await ship(order.id, delivery.id), 200)
    expect(deliveryOf(shipped, 'standard').status).toBe('shipped')
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 4, reserved: 0 })
  })

  it('cancel voids the authorisation', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], card('test_ok', 'on_shipment'))
    const cancelled = must(await orderAction(ordo.api, order.id, 'cancel'), 200)
    expect(cancelled).toMatchObject({ status: 'cancelled', paymentStatus: 'voided' })
    expect(cancelled.payment).toMatchObject({ authorized: 0, captured: 0 })
    expect((await getTransactions(ordo.api, order.id)).map((t) => [t.operation, t.status])).toEqual([['AUTH', 'succeeded'], ['VOID', 'succeeded']])
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 0, available: 5 })
  })
})

describe('offline pre-paid: bank transfer and phone', () => {
  for (const method of ['bank_transfer', 'phone'] as const) {
    it(`${method}: awaits payment with stock reserved; confirm-payment records OFFLINE and starts the order`, async () => {
      const world = await createWorld(ordo.api, { stock: 5 })
      const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], { method })
      expect(order).toMatchObject({ status: 'awaiting_payment', paymentStatus: 'unpaid' })
      expect(order.payment).toMatchObject({ method, captured: 0, outstanding: order.totals.total })
      expect(order.invoiceNumber).toBeNull()
      expect(order.allowedActions).toEqual(expect.arrayContaining(['confirm-payment', 'advise-payment', 'cancel']))
      expect(order.allowedActions).not.toContain('approve')
      expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 2, available: 3 })
      const delivery = deliveryOf(order, 'standard')
      expect(delivery.allowedActions).toEqual([])
      expectProblem(await deliveryAction(ordo.api, order.id, delivery.id, 'pack'), 409, 'transition_not_allowed')

      const advised = must(await orderAction(ordo.api, order.id, 'advise-payment', { clientNote: 'Sent it today' }), 200)
      expect(advised).toMatchObject({ status: 'awaiting_payment', paymentStatus: 'advised' })

      const paid = must(await orderAction(ordo.api, order.id, 'confirm-payment', { note: 'Arrived on the account' }), 200)
      expect(paid).toMatchObject({ status: 'in_progress', paymentStatus: 'paid' })
      expect(paid.payment).toMatchObject({ captured: order.totals.total, outstanding: 0 })
      expect(paid.invoiceNumber).toBeTruthy()
      expect(deliveryOf(paid, 'standard').status).toBe('allocated')
      expect(await getTransactions(ordo.api, order.id)).toEqual([
        expect.objectContaining({ operation: 'OFFLINE', status: 'succeeded', amount: order.totals.total }),
      ])
      expectProblem(await orderAction(ordo.api, order.id, 'confirm-payment'), 409, 'transition_not_allowed')
    })
  }

  it('bank transfer cancelled while awaiting payment: stock released, no money moved', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 4 }], { method: 'bank_transfer' })
    const cancelled = must(await orderAction(ordo.api, order.id, 'cancel'), 200)
    expect(cancelled.status).toBe('cancelled')
    expect(await getTransactions(ordo.api, order.id)).toEqual([])
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 0, available: 5 })
  })
})

describe('cash on delivery', () => {
  it('awaits approval; approve starts it; the payment is recorded when it is delivered', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'cash_on_delivery' }, { shippingCost: 900 })
    expect(order).toMatchObject({ status: 'awaiting_approval', paymentStatus: 'unpaid' })
    expect(order.allowedActions).toContain('approve')
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 1 })

    const approved = must(await orderAction(ordo.api, order.id, 'approve', { note: 'Known customer' }), 200)
    expect(approved).toMatchObject({ status: 'in_progress', paymentStatus: 'unpaid' })
    const delivery = deliveryOf(approved, 'standard')
    expect(delivery.status).toBe('allocated')
    const shipped = await advanceDelivery(ordo.api, order.id, delivery.id, 'shipped')
    expect(shipped.paymentStatus).toBe('unpaid')
    expect(await getTransactions(ordo.api, order.id)).toEqual([])

    const delivered = must(await deliveryAction(ordo.api, order.id, delivery.id, 'deliver'), 200)
    expect(delivered).toMatchObject({ status: 'completed', paymentStatus: 'paid' })
    expect(await getTransactions(ordo.api, order.id)).toEqual([
      expect.objectContaining({ operation: 'OFFLINE', status: 'succeeded', amount: order.totals.total, deliveryId: delivery.id }),
    ])
  })
})

describe('invoice', () => {
  it('in progress at once and unpaid; confirm-payment later marks it paid', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
    expect(order).toMatchObject({ status: 'in_progress', paymentStatus: 'unpaid' })
    expect(order.invoiceNumber).toBeTruthy()
    expect(order.payment.outstanding).toBe(order.totals.total)
    const delivery = deliveryOf(order, 'standard')
    await advanceDelivery(ordo.api, order.id, delivery.id, 'shipped')
    const done = must(await deliveryAction(ordo.api, order.id, delivery.id, 'deliver'), 200)
    expect(done).toMatchObject({ status: 'completed', paymentStatus: 'unpaid' })
    const paid = must(await orderAction(ordo.api, order.id, 'confirm-payment'), 200)
    expect(paid).toMatchObject({ status: 'completed', paymentStatus: 'paid' })
    expect(paid.payment.outstanding).toBe(0)
  })

  it('invoice numbers follow the shop prefix and start, one after the other', async () => {
    const world = await createWorld(ordo.api, { stock: 5, shop: { invoiceNumberPrefix: 'RE-', invoiceNumberStart: 500 } })
    const a = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
    const b = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
    expect([a.invoiceNumber, b.invoiceNumber]).toEqual(['RE-500', 'RE-501'])
  })

  it('with invoice numbers switched off, no invoice number is given', async () => {
    const world = await createWorld(ordo.api, { stock: 5, shop: { invoiceNumbersEnabled: false } })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
    expect(order.invoiceNumber).toBeNull()
  })
})

describe('approval', () => {
  it('above the shop threshold: awaits approval with the card authorised; cancel voids it', async () => {
    const world = await createWorld(ordo.api, { stock: 5, price: 3000, shop: { approvalThreshold: 5000 } })
    const small = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok', 'on_shipment'))
    expect(small.status).toBe('in_progress')

    const big = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], card('test_ok', 'on_shipment'))
    expect(big).toMatchObject({ status: 'awaiting_approval', paymentStatus: 'authorized' })
    expect(big.allowedActions).toEqual(expect.arrayContaining(['approve', 'cancel']))
    expect(deliveryOf(big, 'standard').allowedActions).toEqual([])
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 3 })

    const cancelled = must(await orderAction(ordo.api, big.id, 'cancel', { note: 'Suspicious' }), 200)
    expect(cancelled).toMatchObject({ status: 'cancelled', paymentStatus: 'voided' })
    expect(await getTransactions(ordo.api, big.id)).toContainEqual(expect.objectContaining({ operation: 'VOID', status: 'succeeded' }))
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 1 })
  })

  it('a held card order is only authorised; approve captures it and allocates its delivery', async () => {
    const world = await createWorld(ordo.api, { stock: 5, price: 3000, shop: { approvalThreshold: 1000 } })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok', 'immediate'))
    expect(order).toMatchObject({ status: 'awaiting_approval', paymentStatus: 'authorized' })
    expect(order.approvalReasons.length).toBeGreaterThan(0)
    const approved = must(await orderAction(ordo.api, order.id, 'approve'), 200)
    expect(approved).toMatchObject({ status: 'in_progress', paymentStatus: 'paid' })
    expect((await getTransactions(ordo.api, order.id)).map((t) => [t.operation, t.status])).toEqual([['AUTH', 'succeeded'], ['CAPTURE', 'succeeded']])
    expect(deliveryOf(approved, 'standard').status).toBe('allocated')
    expectProblem(await orderAction(ordo.api, order.id, 'approve'), 409, 'transition_not_allowed')
  })

  it('a bank transfer order approved still waits for its money', async () => {
    const world = await createWorld(ordo.api, { stock: 5, shop: { requireApproval: true } })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'bank_transfer' })
    expect(order.status).toBe('awaiting_approval')
    const approved = must(await orderAction(ordo.api, order.id, 'approve'), 200)
    expect(approved.status).toBe('awaiting_payment')
  })

  for (const [reason, options] of [
    ['the shop requires approval', { shop: { requireApproval: true } }],
    ['the customer requires approval', { customer: { requiresApproval: true } }],
    ['the customer is blocked', { customer: { blocked: true } }],
  ] as const) {
    it(`held for approval when ${reason}`, async () => {
      const world = await createWorld(ordo.api, { stock: 5, ...options })
      const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
      expect(order.status).toBe('awaiting_approval')
      const history = await getHistory(ordo.api, order.id)
      expect(history.some((h) => h.to === 'awaiting_approval')).toBe(true)
    })
  }
})

describe('money', () => {
  it('prices without tax: tax is added per line and on shipping', async () => {
    const world = await createWorld(ordo.api, { stock: 5, price: 1000 })
    must(await ordo.api('PATCH', `/shops/${world.shop.code}`, { pricesIncludeTax: false }), 200)
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 3 }], { method: 'invoice' }, { shippingCost: 500 })
    // 3 x 10.00 at 8.1 % = 2.43 tax; shipping 5.00 at 8.1 % = 0.405 -> 0.41
    expect(order.totals).toMatchObject({ subtotal: 3000, shipping: 500, tax: 243 + 41, total: 3000 + 500 + 284 })
  })

  it('prices including tax: the tax is the part contained in them', async () => {
    const world = await createWorld(ordo.api, { stock: 5, price: 1081 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
    expect(order.totals).toMatchObject({ subtotal: 1081, tax: 81, total: 1081 })
  })
})
