/**
 * Captures, voids and refunds asked outside the change's transaction (A33): while the gateway
 * thinks, the order is not locked; a change that races another still moves money once and
 * records it once; an answer a crash kept from being recorded is recorded by the recovery job.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { inTransaction } from '../src/db/transaction.ts'
import type { GatewayResult, PaymentGateway } from '../src/payments/gateway.ts'
import { recoverLaterPayments } from '../src/payments/gateway-outside.ts'
import { createTestGateway } from '../src/payments/test-gateway.ts'
import { startOrdo, type Ordo } from './harness.ts'
import { advanceDelivery, card, createWorld, deliveryAction, deliveryOf, getOrder, getTransactions, must, orderAction, placeOrder, sumOf, uid } from './fixtures.ts'

const real = createTestGateway()
/** Calls after the placement wait here until `release()`; how many are waiting. */
let gate: Promise<void> | null = null
let release = () => {}
let waiting = 0
const slow = async (call: () => Promise<GatewayResult>) => {
  if (gate) { waiting++; try { await gate } finally { waiting-- } }
  return call()
}
const gateway: PaymentGateway = {
  name: 'test', features: real.features,
  authorize: (req) => real.authorize(req),
  capture: (req) => slow(() => real.capture(req)),
  void: (req) => slow(() => real.void(req)),
  refund: (req) => slow(() => real.refund(req)),
}
function closeGate() { gate = new Promise((ok) => { release = () => { gate = null; ok() } }) }
async function untilWaiting(n: number) { for (let i = 0; waiting < n && i < 500; i++) await sleep(10); expect(waiting).toBeGreaterThanOrEqual(n) }

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo({ gateway }) }, 180_000)
afterAll(async () => { await ordo?.close() })
// A failed test must not leave the next one's gateway shut.
afterEach(() => release())

const ledgerOf = (reference: string) => real.ledger.get(reference)!
const authorizationOf = async (orderId: string) => (await getTransactions(ordo.api, orderId)).find((t) => (t.operation === 'AUTH' || t.operation === 'AUTH_CAPTURE') && t.status === 'succeeded').reference as string

/** An order paid by card, captured on shipment, its delivery ready to ship. */
async function readyToShip() {
  const world = await createWorld(ordo.api, { stock: 10, price: 2500 })
  const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], card('test_ok', 'on_shipment'))
  const delivery = deliveryOf(order, 'standard')
  await advanceDelivery(ordo.api, order.id, delivery.id, 'ready_to_ship')
  return { world, order, delivery }
}

describe('a capture at shipment', () => {
  it('is asked while the order is not locked, and recorded once the gateway answers', async () => {
    const { order, delivery } = await readyToShip()
    closeGate()
    const shipping = deliveryAction(ordo.api, order.id, delivery.id, 'ship', { carrier: 'Post CH', trackingNumber: `TRK${uid()}` })
    await untilWaiting(1)
    // The gateway is thinking: another change can take the order's lock at once.
    await inTransaction(ordo.db, async (trx) => {
      await sql`set local lock_timeout = '500ms'`.execute(trx)
      await trx.selectFrom('orders').select('id').where('id', '=', order.id).forUpdate().execute()
    })
    const started = await ordo.db.selectFrom('payment_attempts').selectAll().where('order_id', '=', order.id).where('operation', '=', 'CAPTURE').execute()
    expect(started).toMatchObject([{ state: 'started', amount: order.totals.total }])
    release()
    const shipped = must(await shipping, 200)
    expect(shipped.paymentStatus).toBe('paid')
    expect(shipped.deliveries.find((d: any) => d.id === delivery.id).status).toBe('shipped')
    expect(sumOf(await getTransactions(ordo.api, order.id), 'CAPTURE')).toBe(order.totals.total)
    const attempts = await ordo.db.selectFrom('payment_attempts').selectAll().where('order_id', '=', order.id).where('operation', '=', 'CAPTURE').execute()
    expect(attempts).toMatchObject([{ state: 'recorded', result: 'succeeded' }])
    expect(ledgerOf(await authorizationOf(order.id)).captured).toBe(order.totals.total)
  })

  it('is taken once when the same delivery is shipped twice at once', async () => {
    const { order, delivery } = await readyToShip()
    closeGate()
    const ship = () => deliveryAction(ordo.api, order.id, delivery.id, 'ship', { carrier: 'Post CH', trackingNumber: 'TRK-SAME' })
    const both = [ship(), ship()]
    // One asks the gateway; the other is refused while it does, or asks under the same key.
    await untilWaiting(1)
    await sleep(300)
    release()
    const answers = await Promise.all(both)
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
    expect(ledgerOf(await authorizationOf(order.id)).captured).toBe(order.totals.total)
    const captures = (await getTransactions(ordo.api, order.id)).filter((t) => t.operation === 'CAPTURE')
    expect(captures).toMatchObject([{ status: 'succeeded', amount: order.totals.total }])
  })
})

describe('a refund', () => {
  it('racing a cancellation of the same order moves the money once and records it once', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 4000 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok'))
    closeGate()
    const cancel = orderAction(ordo.api, order.id, 'cancel')
    const refund = ordo.api('POST', `/orders/${order.id}/actions/refund`, { amount: order.totals.total, reason: 'Customer asked' })
    await untilWaiting(1)
    await sleep(300)
    release()
    const [c, r] = await Promise.all([cancel, refund])
    expect([c.status, r.status]).toContain(200)
    expect(ledgerOf(await authorizationOf(order.id)).refunded).toBe(order.totals.total)
    const after = await getOrder(ordo.api, order.id)
    expect(after.payment.refunded).toBe(order.totals.total)
    expect((await getTransactions(ordo.api, order.id)).filter((t) => t.operation === 'REFUND' && t.status === 'succeeded')).toHaveLength(1)
    const attempts = await ordo.db.selectFrom('payment_attempts').select(['state']).where('order_id', '=', order.id).where('operation', '=', 'REFUND').execute()
    expect(attempts.length).toBeGreaterThan(0)
    expect(attempts.every((a) => a.state === 'recorded')).toBe(true)
  })

  it('of another amount waits while one is being asked, then goes through on its own', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 4000 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok'))
    closeGate()
    const first = ordo.api('POST', `/orders/${order.id}/actions/refund`, { amount: 1000, reason: 'Scratch' })
    await untilWaiting(1)
    const second = ordo.api('POST', `/orders/${order.id}/actions/refund`, { amount: 500, reason: 'Late' })
    await sleep(300)
    // The second has not reached the gateway: it waits for the first to be recorded.
    expect(waiting).toBe(1)
    release()
    must(await first, 200)
    must(await second, 200)
    expect(ledgerOf(await authorizationOf(order.id)).refunded).toBe(1500)
    expect((await getTransactions(ordo.api, order.id)).filter((t) => t.operation === 'REFUND').map((t) => t.amount).sort((a, b) => a - b)).toEqual([500, 1000])
  })
})

describe('the recovery job', () => {
  it('recording a call its change still waits for makes the change stop, not decide twice', async () => {
    const { order, delivery } = await readyToShip()
    closeGate()
    const shipping = deliveryAction(ordo.api, order.id, delivery.id, 'ship', { carrier: 'Post CH', trackingNumber: `TRK${uid()}` })
    await untilWaiting(1)
    // The recovery job, past its wait, asks the gateway (not the shut one) under the same key and records it.
    // (Its age is counted against now(), which on PGlite may not have moved on a millisecond yet.)
    await sleep(5)
    expect(await recoverLaterPayments(ordo.db, real, 0)).toBe(1)
    release()
    const answer = await shipping
    expect(answer.status).toBe(409)
    expect(answer.body.code).toBe('concurrent_update')
    const authorization = await authorizationOf(order.id)
    expect(ledgerOf(authorization).captured).toBe(order.totals.total)
    expect((await getTransactions(ordo.api, order.id)).filter((t) => t.operation === 'CAPTURE')).toMatchObject([{ status: 'succeeded', amount: order.totals.total }])
    // Shipping again goes through and takes nothing more.
    must(await deliveryAction(ordo.api, order.id, delivery.id, 'ship', { carrier: 'Post CH', trackingNumber: `TRK${uid()}` }), 200)
    expect(ledgerOf(authorization).captured).toBe(order.totals.total)
  })

  it('records a capture the gateway made for a change that never came back, once', async () => {
    const { order, delivery } = await readyToShip()
    const authorization = await authorizationOf(order.id)
    // What a process that died while the gateway was asked leaves: the attempt written down, the money moved.
    const key = `${order.id}:CAPTURE:${delivery.id}:0`
    await ordo.db.insertInto('payment_attempts').values({
      id: crypto.randomUUID(), order_id: order.id, gateway_key: key, operation: 'CAPTURE', amount: order.totals.total, currency: order.totals.currency,
      token: null, held: false, request_key: null, state: 'started', result: null, recorded_at: null,
      authorization_ref: authorization, delivery_id: delivery.id, message: null, started_at: new Date(Date.now() - 60_000),
    }).execute()
    await real.capture({ amount: order.totals.total, currency: order.totals.currency, idempotencyKey: key, authorization })

    expect(await recoverLaterPayments(ordo.db, gateway, 0)).toBe(1)
    expect(await recoverLaterPayments(ordo.db, gateway, 0)).toBe(0)
    const after = await getOrder(ordo.api, order.id)
    expect(after.paymentStatus).toBe('paid')
    expect((await getTransactions(ordo.api, order.id)).filter((t) => t.operation === 'CAPTURE')).toMatchObject([{ status: 'succeeded', amount: order.totals.total }])
    expect(ledgerOf(authorization).captured).toBe(order.totals.total)
    // Shipping now takes nothing more: the money is in.
    must(await deliveryAction(ordo.api, order.id, delivery.id, 'ship', { carrier: 'Post CH', trackingNumber: `TRK${uid()}` }), 200)
    expect(ledgerOf(authorization).captured).toBe(order.totals.total)
  })
})
