/**
 * `Prefer: respond-async` on a placement paid by card (A33): the order is answered 202 as
 * soon as it is written with its stock reserved, and the gateway's answer is recorded
 * after the response, as the synchronous placement records it.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PaymentGateway } from '../src/payments/gateway.ts'
import { createTestGateway } from '../src/payments/test-gateway.ts'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createWorld, expectProblem, getHistory, getOrder, getStock, getTransactions, must, orderBody } from './fixtures.ts'

/** The test gateway, answering after `delayMs`, or once the test lets it (holdGateway). */
const real = createTestGateway()
const delayMs = 300
let held: Promise<void> | null = null
const gateway: PaymentGateway = {
  name: 'test', features: real.features,
  authorize: async (req) => {
    await sleep(delayMs)
    await held
    return real.authorize(req)
  },
  capture: (req) => real.capture(req),
  void: (req) => real.void(req),
  refund: (req) => real.refund(req),
}
const charged = () => [...real.ledger.values()].reduce((sum, e) => sum + e.captured, 0)

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo({ gateway }) }, 180_000)
afterAll(async () => { await ordo?.close() })

const async = { prefer: 'respond-async' }

/**
 * Holds the gateway's answers until the returned function is called: what a test checks
 * "while the gateway is asked" does not race its delay on a busy machine.
 */
function holdGateway(): () => void {
  let release!: () => void
  held = new Promise((resolve) => { release = resolve })
  return () => {
    held = null
    release()
  }
}

/** The order once the gateway's answer is recorded (it leaves `awaiting_payment`). */
async function settled(id: string) {
  for (let i = 0; i < 100; i++) {
    const order = await getOrder(ordo.api, id)
    if (order.status !== 'awaiting_payment') return order
    await sleep(50)
  }
  throw new Error(`order ${id} still awaits its payment`)
}

describe('Prefer: respond-async', () => {
  it('answers 202 before the gateway does; the payment is recorded after, once', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1200 })
    const before = charged()
    const release = holdGateway()
    // Answered while the gateway holds its answer: a placement that waited for it would not be.
    const res = await ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 2 }], card('test_ok')), async)
    const order = must(res, 202)
    expect(res.headers.get('preference-applied')).toBe('respond-async')
    expect(res.headers.get('location')).toBe(`/api/v1/orders/${order.id}`)
    expect(order).toMatchObject({ status: 'awaiting_payment', paymentStatus: 'unpaid' })
    // The stock is the order's from the first answer on.
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(2)
    expect(charged()).toBe(before)

    release()
    const done = await settled(order.id)
    expect(done).toMatchObject({ status: 'in_progress', paymentStatus: 'paid' })
    expect(charged() - before).toBe(order.totals.total)
    expect((await getTransactions(ordo.api, order.id)).map((t) => `${t.operation}:${t.status}`)).toEqual(['AUTH_CAPTURE:succeeded'])
    expect((await getHistory(ordo.api, order.id)).map((e) => e.action)).toContain('payment-authorized')
  })

  it('a declined card cancels the order after the answer and gives its stock back', async () => {
    const world = await createWorld(ordo.api, { stock: 3, price: 900 })
    const before = charged()
    const release = holdGateway()
    const order = must(await ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 3 }], card('test_decline')), async), 202)
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(3)
    release()
    const done = await settled(order.id)
    expect(done.status).toBe('cancelled')
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(0)
    expect(charged() - before).toBe(0)
  })

  it('a retry with the same Idempotency-Key answers what the gateway decided, charged once', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 700 })
    const before = charged()
    const headers = { ...async, 'idempotency-key': `respond-async-${world.shop.code}` }
    const body = orderBody(world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok'))
    const first = must(await ordo.api('POST', '/orders', body, headers), 202)
    // While the gateway is asked: the retry waits for the answer and gives the same order.
    const retry = await ordo.api('POST', '/orders', body, headers)
    expect(must(retry, 201)).toMatchObject({ id: first.id, status: 'in_progress', paymentStatus: 'paid' })
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    await settled(first.id)
    const again = await ordo.api('POST', '/orders', body, headers)
    expect(must(again, 201).id).toBe(first.id)
    expect(charged() - before).toBe(first.totals.total)
    expect((await getTransactions(ordo.api, first.id))).toHaveLength(1)
  })

  it('scarce stock with slow answers: nothing oversold, only the orders that got stock are charged', async () => {
    const world = await createWorld(ordo.api, { stock: 4, price: 1000 })
    const before = charged()
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 1 }], card(i % 5 === 4 ? 'test_decline' : 'test_ok')), async)))
    const accepted = answers.filter((a) => a.status === 202)
    for (const a of answers.filter((x) => x.status !== 202)) expectProblem(a, 409, 'out_of_stock')
    expect(accepted).toHaveLength(4)
    const outcomes = await Promise.all(accepted.map((a) => settled(a.body.id)))
    const paid = outcomes.filter((o) => o.status === 'in_progress')
    const stock = await getStock(ordo.api, world.product.sku)
    expect(stock.reserved).toBe(paid.length)
    expect(charged() - before).toBe(paid.reduce((sum, o) => sum + o.totals.total, 0))
  })

  it('while the card is asked, staff cannot record money by hand or cancel lines; an edit waits for the answer', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1100 })
    const before = charged()
    const release = holdGateway()
    try {
      const order = must(await ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 2 }], card('test_ok')), async), 202)
      const waiting = await getOrder(ordo.api, order.id)
      expect(waiting.status).toBe('awaiting_payment')
      expect(waiting.allowedActions).not.toContain('override-payment')
      expect(waiting.allowedActions).not.toContain('cancel-lines')
      const override = await ordo.api('POST', `/orders/${order.id}/actions/override-payment`, { reason: 'Paid in the shop' })
      expectProblem(override, 409, 'transition_not_allowed')
      expect(override.body.detail).toMatch(/being asked of the payment gateway/)
      expectProblem(await ordo.api('POST', `/orders/${order.id}/actions/cancel-lines`, { lines: [{ lineId: order.lines[0].id, quantity: 1 }] }), 409, 'transition_not_allowed')

      // An edit waits for the card's answer, as for the order's lock, then changes the paid
      // order: it cannot be answered before the gateway is let go.
      const editing = ordo.api('POST', `/orders/${order.id}/edits`, { changes: [{ type: 'set_quantity', lineId: order.lines[0].id, quantity: 1 }] })
      await sleep(200)
      expect(charged()).toBe(before)
      release()
      const edited = must(await editing, 200)
      expect(edited.order).toMatchObject({ status: 'in_progress', payment: { captured: 2200, refunded: 1100 }, totals: { total: 1100 } })
      expect(charged() - before).toBe(2200)
      expect((await getTransactions(ordo.api, order.id)).map((t) => `${t.operation}:${t.status}`)).toEqual(['AUTH_CAPTURE:succeeded', 'REFUND:succeeded'])
    } finally {
      release()
    }
  })

  it('is not applied where nothing waits for a gateway: an invoice order is answered 201', async () => {
    const world = await createWorld(ordo.api, { stock: 5, price: 500 })
    const res = await ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' }), async)
    expect(must(res, 201).status).not.toBe('awaiting_payment')
    expect(res.headers.get('preference-applied')).toBeNull()
  })

  it('other preferences leave the placement synchronous', async () => {
    const world = await createWorld(ordo.api, { stock: 5, price: 500 })
    const res = await ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok')), { prefer: 'return=minimal, wait=5' })
    expect(must(res, 201)).toMatchObject({ status: 'in_progress', paymentStatus: 'paid' })
  })
})
