/**
 * Card payments at placement in two phases (A33): the gateway is asked after the order
 * and its stock reservation are committed, so a slow gateway holds no lock. Scarce stock
 * is never oversold, a payment is never taken twice, and an answer a crash kept from being
 * recorded is found again by the recovery job or by a retry with the same Idempotency-Key.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTransaction } from '../src/db/transaction.ts'
import { claimIdempotencyKey, scopedIdempotencyKey } from '../src/http/idempotency.ts'
import { placeOrder as placeInTransaction } from '../src/orders/place-order.ts'
import type { GatewayResult, PaymentGateway } from '../src/payments/gateway.ts'
import { createTestGateway } from '../src/payments/test-gateway.ts'
import { recoverPayments } from '../src/payments/two-phase.ts'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createProduct, expectProblem, createWorld, getHistory, getOrder, getStock, getTransactions, must, orderBody, setStock, type World } from './fixtures.ts'

/** The test gateway behind a knob: how long each call takes. */
const real = createTestGateway()
let delayMs = 0
/** The gateway does what it is asked, but every answer is lost on the way back. */
let answersLost = false
/** The most authorisations the gateway was asked at the same time. */
let inFlight = 0, maxInFlight = 0
const gateway: PaymentGateway = {
  name: 'test', features: real.features,
  authorize: async (req) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight)
    try {
      await sleep(delayMs)
      const answer = await real.authorize(req)
      if (answersLost) throw new Error('connection reset: the answer was lost')
      return answer
    } finally { inFlight-- }
  },
  capture: (req) => real.capture(req),
  void: (req) => real.void(req),
  refund: (req) => real.refund(req),
}

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo({ gateway }) }, 180_000)
afterAll(async () => { await ordo?.close() })

const charged = () => [...real.ledger.values()].reduce((sum, e) => sum + e.captured, 0)

/** Phase 1 alone, as a process that died right after its commit would leave it. */
async function placeAndCrash(world: World, token: string, key: string | null = null, lines = [{ sku: world.product.sku, quantity: 2 }]) {
  const { actorForToken } = await import('../src/auth/tokens.ts')
  const actor = (await actorForToken(ordo.db, ordo.adminToken, ordo.adminToken))!
  const body = orderBody(world, lines, card(token)) as any
  // As the route does it: the key is the caller's own.
  const scoped = key ? scopedIdempotencyKey(actor, `POST /orders:${key}`) : null
  return inTransaction(ordo.db, async (trx) => {
    if (scoped) await claimIdempotencyKey(trx, scoped, body)
    const placed = await placeInTransaction(trx, gateway, actor, body, key, undefined, { deferPayment: true, requestKey: scoped })
    return { orderId: placed.order.row.id, payment: placed.payment! }
  })
}

describe('a slow gateway', () => {
  it('is asked outside the stock locks: parallel orders of one article do not wait in line', async () => {
    const world = await createWorld(ordo.api, { stock: 100, price: 1000 })
    delayMs = 400
    maxInFlight = 0
    try {
      const answers = await Promise.all(Array.from({ length: 8 }, () =>
        ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok')))))
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201))
      // Asked under the article's stock lock, one order at a time would reach the gateway.
      expect(maxInFlight).toBeGreaterThanOrEqual(2)
      for (const a of answers) expect(a.body).toMatchObject({ status: 'in_progress', paymentStatus: 'paid' })
      expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(8)
    } finally {
      delayMs = 0
    }
  })

  it('never oversells scarce stock, and charges only the orders that got it', async () => {
    const world = await createWorld(ordo.api, { stock: 5, price: 1000 })
    delayMs = 200
    const before = charged()
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 1 }], card(i % 4 === 3 ? 'test_decline' : 'test_ok')))))
      const placed = answers.filter((a) => a.status === 201)
      const declined = answers.filter((a) => a.status === 402)
      const short = answers.filter((a) => a.status === 409)
      expect(placed.length + declined.length + short.length).toBe(12)
      expect(placed.length + declined.length).toBeGreaterThanOrEqual(5)
      const stock = await getStock(ordo.api, world.product.sku)
      // Declined orders gave their unit back; no more than 5 are ever held.
      expect(stock.reserved).toBe(placed.length)
      expect(stock.reserved).toBeLessThanOrEqual(5)
      expect(charged() - before).toBe(placed.length * 1000)
    } finally {
      delayMs = 0
    }
  })

  it('a retry with the same Idempotency-Key while the gateway is asked gets the same order, charged once', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1500 })
    delayMs = 600
    const before = charged()
    try {
      const headers = { 'idempotency-key': `two-phase-${world.shop.code}` }
      const body = orderBody(world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok'))
      const first = ordo.api('POST', '/orders', body, headers)
      await sleep(250)
      const second = await ordo.api('POST', '/orders', body, headers)
      const a = must(await first, 201), b = must(second, 201)
      expect(b.id).toBe(a.id)
      expect(second.headers.get('idempotent-replayed')).toBe('true')
      expect(b).toMatchObject({ status: 'in_progress', paymentStatus: 'paid' })
      expect(charged() - before).toBe(1500)
      expect((await getTransactions(ordo.api, a.id)).map((t) => `${t.operation}:${t.status}`)).toEqual(['AUTH_CAPTURE:succeeded'])
    } finally {
      delayMs = 0
    }
  })
})

describe('a gateway whose answers are lost', () => {
  it('leaves the order awaiting payment (202) instead of guessing; asked again later, the charge is recorded once', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1300 })
    const before = charged()
    answersLost = true
    let res
    try {
      res = await ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok')))
    } finally {
      answersLost = false
    }
    // The card was charged, but Ordo never heard it: cancelling the order now would keep the money unknown.
    const order = must(res, 202)
    expect(order).toMatchObject({ status: 'awaiting_payment', paymentStatus: 'unpaid' })
    expect(charged() - before).toBe(1300)
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(1)
    expect(await getTransactions(ordo.api, order.id)).toEqual([])

    const recovered = await recoverPayments(ordo.db, gateway, 0)
    expect(recovered.results.placed).toBeGreaterThanOrEqual(1)
    expect(await getOrder(ordo.api, order.id)).toMatchObject({ status: 'in_progress', paymentStatus: 'paid', payment: { captured: 1300 } })
    expect((await getTransactions(ordo.api, order.id)).map((t) => `${t.operation}:${t.status}`)).toEqual(['AUTH_CAPTURE:succeeded'])
    expect(charged() - before).toBe(1300)
  })

  it('the recovery job leaves an attempt that is still unanswered as it is', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 900 })
    answersLost = true
    try {
      const order = must(await ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok'))), 202)
      const recovered = await recoverPayments(ordo.db, gateway, 0)
      expect(recovered.results.unanswered).toBeGreaterThanOrEqual(1)
      expect(await getOrder(ordo.api, order.id)).toMatchObject({ status: 'awaiting_payment' })
    } finally {
      answersLost = false
    }
    await recoverPayments(ordo.db, gateway, 0)
  })
})

/** An order of a stocked article and a backorder, left waiting for the gateway; then the backorder's goods arrive and the job reserves them. */
async function backorderReservedWhileWaiting(token: string) {
  const world = await createWorld(ordo.api, { stock: 10, price: 2000 })
  const later = await createProduct(ordo.api, { backorder: true })
  const { orderId } = await placeAndCrash(world, token, null, [{ sku: world.product.sku, quantity: 1 }, { sku: later.sku, quantity: 1 }])
  await setStock(ordo.api, world.warehouse.code, later.sku, 5)
  must(await ordo.api('POST', '/jobs/allocation', {}), 200)
  return { world, later, orderId }
}

describe('a crash between the two transactions', () => {
  it('a backorder the allocation job reserved meanwhile gives its stock back when the card is declined', async () => {
    const { world, later, orderId } = await backorderReservedWhileWaiting('test_decline')
    expect((await getStock(ordo.api, later.sku)).reserved).toBe(1)

    await recoverPayments(ordo.db, gateway, 0)
    const order = await getOrder(ordo.api, orderId)
    expect(order.status).toBe('cancelled')
    expect(order.deliveries.map((d: any) => d.status)).toEqual(['cancelled', 'cancelled'])
    expect((await getStock(ordo.api, later.sku)).reserved).toBe(0)
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(0)
    const backorder = order.deliveries.find((d: any) => d.kind === 'backorder')
    const entries = (await getHistory(ordo.api, orderId)).filter((h) => h.deliveryId === backorder.id)
    expect(entries.at(-1)).toMatchObject({ to: 'cancelled' })
  })

  it('a backorder the allocation job reserved meanwhile goes on with the order when the card is taken', async () => {
    const { later, orderId } = await backorderReservedWhileWaiting('test_ok')
    await recoverPayments(ordo.db, gateway, 0)
    const order = await getOrder(ordo.api, orderId)
    expect(order.status).toBe('in_progress')
    expect(order.deliveries.map((d: any) => d.status)).toEqual(['allocated', 'allocated'])
    expect((await getStock(ordo.api, later.sku)).reserved).toBe(1)
  })

  it('leaves the order awaiting payment with its stock; the recovery job asks again and finishes it', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 2000 })
    const { orderId } = await placeAndCrash(world, 'test_ok')
    expect(await getOrder(ordo.api, orderId)).toMatchObject({ status: 'awaiting_payment', paymentStatus: 'unpaid' })
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(2)
    const metrics = await ordo.raw('GET', '/metrics', undefined, { authorization: `Bearer ${ordo.adminToken}` })
    expect(metrics.body).toMatch(/ordo_payments_pending [1-9]/)

    const recovered = await recoverPayments(ordo.db, gateway, 0)
    expect(recovered.recovered).toBeGreaterThanOrEqual(1)
    const order = await getOrder(ordo.api, orderId)
    expect(order).toMatchObject({ status: 'in_progress', paymentStatus: 'paid', payment: { captured: 4000 } })
    expect(order.invoiceNumber).toBeTruthy()
    // A second run finds nothing to do.
    expect((await recoverPayments(ordo.db, gateway, 0)).recovered).toBe(0)
    expect(await getTransactions(ordo.api, orderId)).toHaveLength(1)
    const history = must(await ordo.api('GET', `/orders/${orderId}/history`), 200).items as any[]
    expect(history.filter((h) => h.type === 'transition').map((h) => `${h.action}:${h.to ?? h.toStatus}`))
      .toEqual(['place:awaiting_payment', 'payment-authorized:in_progress'])
  })

  it('whose answer was lost: asked again under the same key, the gateway answers, and nothing is charged twice', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 3000 })
    const before = charged()
    const { orderId, payment } = await placeAndCrash(world, 'test_ok')
    // The dead process had reached the gateway: the money moved, the answer was never recorded.
    const lost: GatewayResult = await gateway.authorize({ amount: payment.amount, currency: payment.currency, idempotencyKey: payment.gatewayKey, token: 'test_ok', capture: true })
    expect(lost.status).toBe('succeeded')
    await recoverPayments(ordo.db, gateway, 0)
    const txs = await getTransactions(ordo.api, orderId)
    expect(txs).toHaveLength(1)
    expect(txs[0].reference).toBe(lost.reference)
    expect(charged() - before).toBe(6000)
    expect(await getOrder(ordo.api, orderId)).toMatchObject({ status: 'in_progress', paymentStatus: 'paid' })
  })

  it('a declined card found by recovery cancels the order and gives its stock back', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 2000 })
    const { orderId } = await placeAndCrash(world, 'test_decline')
    await recoverPayments(ordo.db, gateway, 0)
    expect(await getOrder(ordo.api, orderId)).toMatchObject({ status: 'cancelled', paymentStatus: 'unpaid' })
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(0)
    expect((await getTransactions(ordo.api, orderId)).map((t) => t.status)).toEqual(['declined'])
  })

  it('the client retrying with its Idempotency-Key finishes the payment itself and gets the order', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 2000 })
    const key = `crash-retry-${world.shop.code}`
    const { orderId } = await placeAndCrash(world, 'test_ok', key)
    const body = orderBody(world, [{ sku: world.product.sku, quantity: 2 }], card('test_ok'))
    const retry = must(await ordo.api('POST', '/orders', body, { 'idempotency-key': key }), 201)
    expect(retry).toMatchObject({ id: orderId, status: 'in_progress', paymentStatus: 'paid' })
    // And again: the stored answer.
    expect(must(await ordo.api('POST', '/orders', body, { 'idempotency-key': key }), 201).id).toBe(orderId)
    expect((await recoverPayments(ordo.db, gateway, 0)).recovered).toBe(0)
    expect(await getTransactions(ordo.api, orderId)).toHaveLength(1)
  })

  it('an order cannot be cancelled while the gateway is asked; once the answer is recorded, cancelling gives the money back', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 2500 })
    const { orderId } = await placeAndCrash(world, 'test_ok')
    // Cancelled now, the card's money could only be given back by a refund that may fail.
    const early = await ordo.api('POST', `/orders/${orderId}/actions/cancel`, { note: 'Customer called' })
    expectProblem(early, 409, 'transition_not_allowed')
    expect(early.body.detail).toMatch(/being asked of the payment gateway/)
    await recoverPayments(ordo.db, gateway, 0)
    must(await ordo.api('POST', `/orders/${orderId}/actions/cancel`, { note: 'Customer called' }), 200)
    const order = await getOrder(ordo.api, orderId)
    expect(order).toMatchObject({ status: 'cancelled', payment: { captured: 5000, refunded: 5000 } })
    expect((await getTransactions(ordo.api, orderId)).map((t) => `${t.operation}:${t.status}`).sort()).toEqual(['AUTH_CAPTURE:succeeded', 'REFUND:succeeded'])
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(0)
  })

})
