/** A8: cancelling single lines before they ship: stock released, totals recomputed, overpayment refunded. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import {
  advanceDelivery, card, createProduct, createWorld, deliveryOf, expectProblem, getHistory, getStock, getTransactions,
  must, orderAction, placeOrder, setStock, sumOf,
} from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

describe('cancelling lines', () => {
  it('releases the stock of the cancelled quantity, lowers the total and refunds the difference', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
    const other = await createProduct(ordo.api, { prices: { CHF: 500 } })
    await setStock(ordo.api, world.warehouse.code, other.sku, 5)
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 3 }, { sku: other.sku, quantity: 2 }], card('test_ok'))
    expect(order.totals.total).toBe(4000)
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(3)

    const line = order.lines.find((l: any) => l.sku === world.product.sku)
    const after = must(await orderAction(ordo.api, order.id, 'cancel-lines', { lines: [{ lineId: line.id, quantity: 2 }], note: 'Customer called', clientNote: 'Two fewer, as asked' }), 200)

    expect(after.status).toBe('in_progress')
    expect(after.totals.total).toBe(2000)
    expect(after.lines.find((l: any) => l.id === line.id)).toMatchObject({ quantity: 3, cancelledQuantity: 2, amount: 1000 })
    expect(after.deliveries[0].lines.find((l: any) => l.lineId === line.id).quantity).toBe(1)
    expect(after.deliveries[0].amount).toBe(2000)
    expect(after.payment).toMatchObject({ captured: 4000, refunded: 2000, outstanding: 0 })
    expect(after.paymentStatus).toBe('partially_refunded')
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 10, reserved: 1 })
    const transactions = await getTransactions(ordo.api, order.id)
    expect(sumOf(transactions, 'REFUND')).toBe(2000)
    const entry = (await getHistory(ordo.api, order.id)).find((h) => h.action === 'cancel-lines')
    expect(entry).toMatchObject({ note: expect.stringContaining(`2 × ${world.product.sku}`), clientNote: 'Two fewer, as asked' })
  })

  it('cancels a delivery left empty and completes the order when the rest has arrived', async () => {
    const world = await createWorld(ordo.api, { stock: 1, price: 1000 })
    const backordered = await createProduct(ordo.api, { prices: { CHF: 700 }, backorder: true })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }, { sku: backordered.sku, quantity: 2 }], card('test_ok', 'on_shipment'))
    await advanceDelivery(ordo.api, order.id, deliveryOf(order, 'standard').id, 'delivered')
    const line = order.lines.find((l: any) => l.sku === backordered.sku)

    const after = must(await orderAction(ordo.api, order.id, 'cancel-lines', { lines: [{ lineId: line.id, quantity: 2 }] }), 200)
    expect(deliveryOf(after, 'backorder').status).toBe('cancelled')
    expect(after.status).toBe('completed')
    expect(after.totals.total).toBe(1000)
    // Only what shipped was captured; nothing is left to pay or to refund.
    expect(after.payment).toMatchObject({ captured: 1000, refunded: 0, outstanding: 0 })
  })

  it('refuses more than is still open, every line of the order, and a failed refund, changing nothing', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], card('test_refund_fail'))
    const lineId = order.lines[0].id
    expectProblem(await orderAction(ordo.api, order.id, 'cancel-lines', { lines: [{ lineId, quantity: 3 }] }), 400, 'validation_failed')
    expectProblem(await orderAction(ordo.api, order.id, 'cancel-lines', { lines: [{ lineId, quantity: 2 }] }), 409, 'transition_not_allowed')
    expectProblem(await orderAction(ordo.api, order.id, 'cancel-lines', {}), 400, 'validation_failed')
    const refused = await orderAction(ordo.api, order.id, 'cancel-lines', { lines: [{ lineId, quantity: 1 }] })
    expectProblem(refused, 502, 'payment_failed')

    const after = must(await ordo.api('GET', `/orders/${order.id}`), 200)
    expect(after.totals.total).toBe(2000)
    expect(after.lines[0].cancelledQuantity).toBe(0)
    expect(after.payment).toMatchObject({ captured: 2000, refunded: 0 })
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(2)
    // The failed attempt is in the log all the same.
    expect((await getTransactions(ordo.api, order.id)).filter((t) => t.operation === 'REFUND').map((t) => t.status)).toEqual(['failed'])
  })
})
