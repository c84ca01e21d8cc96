/** A10 order edits before fulfilment: dry run, lines, addresses, deliveries, stock re-reserved without oversell, payment difference. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type ApiHeaders, type Ordo } from './harness.ts'
import {
  address, advanceDelivery, card, createProduct, createWorld, deliveryAction, expectProblem, getHistory, getOrder, getStock, getTransactions,
  must, placeOrder, setStock, sumOf, uid,
} from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const edit = (orderId: string, body: unknown, dryRun = false, headers?: ApiHeaders) =>
  ordo.api('POST', `/orders/${orderId}/edits${dryRun ? '?dryRun=true' : ''}`, body, headers)
const edits = async (orderId: string) => (await getHistory(ordo.api, orderId)).filter((h) => h.action === 'edit')

describe('order edits', () => {
  it('dry run shows the new totals and the payment difference and changes nothing', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], card())
    const line = order.lines[0]
    const preview = must(await edit(order.id, { changes: [{ type: 'set_quantity', lineId: line.id, quantity: 3 }] }, true), 200)
    expect(preview).toMatchObject({ dryRun: true, before: { total: 2000 }, after: { total: 3000 }, paymentDifference: { amount: 1000, action: 'owed', currency: 'CHF' } })
    expect(preview.changes).toEqual([`${world.product.sku}: 2 → 3`])
    const after = await getOrder(ordo.api, order.id)
    expect(after.totals.total).toBe(2000)
    expect(after.version).toBe(order.version)
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 10, reserved: 2 })
    expect(await edits(order.id)).toEqual([])
  })

  it('lowering a quantity releases the stock and refunds the difference, in one history entry', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 3 }], card())
    const result = must(await edit(order.id, { changes: [{ type: 'set_quantity', lineId: order.lines[0].id, quantity: 1 }], note: 'Customer called' }), 200)
    expect(result.paymentDifference).toEqual({ amount: -2000, action: 'refund', currency: 'CHF' })
    expect(result.order.totals.total).toBe(1000)
    expect(result.order.lines[0]).toMatchObject({ quantity: 3, cancelledQuantity: 2, amount: 1000 })
    expect(result.order.deliveries[0].lines[0].quantity).toBe(1)
    expect(result.order.payment).toMatchObject({ captured: 3000, refunded: 2000, outstanding: 0 })
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 10, reserved: 1 })
    expect(sumOf(await getTransactions(ordo.api, order.id), 'REFUND')).toBe(2000)
    const entries = await edits(order.id)
    expect(entries).toHaveLength(1)
    expect(entries[0].note).toContain(`${world.product.sku}: 3 → 1`)
    expect(entries[0].note).toContain('Customer called')
  })

  it('raising the total of a bank transfer order records what is owed; an on-shipment card authorisation covers a smaller total', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
    const bank = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'bank_transfer' })
    const raised = must(await edit(bank.id, { changes: [{ type: 'set_quantity', lineId: bank.lines[0].id, quantity: 2 }] }), 200)
    expect(raised.paymentDifference).toMatchObject({ amount: 2000, action: 'owed' })
    expect(raised.order.payment.outstanding).toBe(2000)

    const held = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], card('test_ok', 'on_shipment'))
    const lower = must(await edit(held.id, { changes: [{ type: 'set_quantity', lineId: held.lines[0].id, quantity: 1 }] }), 200)
    expect(lower.paymentDifference).toMatchObject({ amount: 1000, action: 'covered' })
    const shipped = await advanceDelivery(ordo.api, held.id, held.deliveries[0].id, 'shipped')
    expect(shipped.payment).toMatchObject({ captured: 1000, outstanding: 0 })
  })

  it('adds, removes and substitutes lines at catalogue prices, re-reserving stock', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
    const b = await createProduct(ordo.api, { prices: { CHF: 700 } })
    const c = await createProduct(ordo.api, { prices: { CHF: 300 } })
    await setStock(ordo.api, world.warehouse.code, b.sku, 5)
    await setStock(ordo.api, world.warehouse.code, c.sku, 5)
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }, { sku: b.sku, quantity: 2 }], { method: 'invoice' })
    const bLine = order.lines.find((l: any) => l.sku === b.sku)
    const aLine = order.lines.find((l: any) => l.sku === world.product.sku)
    const result = must(await edit(order.id, {
      changes: [
        { type: 'substitute_line', lineId: bLine.id, sku: c.sku },
        { type: 'add_line', sku: b.sku, quantity: 1 },
        { type: 'remove_line', lineId: aLine.id },
      ],
    }), 200)
    expect(result.order.totals.total).toBe(2 * 300 + 700)
    const live = result.order.lines.filter((l: any) => l.quantity > l.cancelledQuantity).map((l: any) => [l.sku, l.quantity - l.cancelledQuantity, l.unitPrice])
    expect(live.sort()).toEqual([[b.sku, 1, 700], [c.sku, 2, 300]].sort())
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 0 })
    expect(await getStock(ordo.api, b.sku)).toMatchObject({ reserved: 1 })
    expect(await getStock(ordo.api, c.sku)).toMatchObject({ reserved: 2 })
    const parcel = result.order.deliveries.filter((d: any) => d.status !== 'cancelled')
    expect(parcel).toHaveLength(1)
    expect(parcel[0].amount).toBe(1300)
    expect(await edits(order.id)).toHaveLength(1)
  })

  it('sets addresses and contact, and splits a delivery without touching stock', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 3 }], card())
    const result = must(await edit(order.id, {
      changes: [
        { type: 'set_address', which: 'shipping', address: { ...address('Beat Muster'), street: 'Langstrasse 5' } },
        { type: 'set_customer_contact', email: 'new@example.test', phone: '+41 44 000 00 00' },
        { type: 'split_delivery', deliveryId: order.deliveries[0].id, lines: [{ lineId: order.lines[0].id, quantity: 1 }] },
      ],
      clientNote: 'Sent in two parcels as asked',
    }), 200)
    expect(result.paymentDifference).toMatchObject({ amount: 0, action: 'none' })
    expect(result.order.shippingAddress).toMatchObject({ name: 'Beat Muster', street: 'Langstrasse 5' })
    expect(result.order.customer.email).toBe('new@example.test')
    expect(result.order.billingAddress.phone).toBe('+41 44 000 00 00')
    expect(result.order.deliveries.map((d: any) => [d.lines[0].quantity, d.status, d.warehouse])).toEqual([[2, 'allocated', world.warehouse.code], [1, 'allocated', world.warehouse.code]])
    expect(result.order.deliveries.reduce((s: number, d: any) => s + d.amount, 0)).toBe(3000)
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 3 })
    const found = must(await ordo.api('GET', '/orders?q=@Langstrasse'), 200).items
    expect(found.map((o: any) => o.id)).toContain(order.id)
    expect((await edits(order.id))[0]).toMatchObject({ clientNote: 'Sent in two parcels as asked' })
  })

  it('refuses packed lines, missing stock and finished orders, changing nothing', async () => {
    const world = await createWorld(ordo.api, { stock: 3, price: 1000 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], card())
    expectProblem(await edit(order.id, { changes: [{ type: 'set_quantity', lineId: order.lines[0].id, quantity: 4 }] }), 409, 'out_of_stock')
    expectProblem(await edit(order.id, { changes: [{ type: 'add_line', sku: 'NOPE-404', quantity: 1 }] }), 422, 'unknown_sku')
    expectProblem(await edit(order.id, { changes: [{ type: 'remove_line', lineId: order.lines[0].id }] }), 409, 'edit_not_allowed')
    expectProblem(await edit(order.id, { changes: [] }), 400, 'validation_failed')
    expectProblem(await edit(order.id, { changes: [{ type: 'set_quantity', lineId: 'x', quantity: 1 }] }), 400, 'validation_failed')
    must(await deliveryAction(ordo.api, order.id, order.deliveries[0].id, 'pack'), 200)
    expectProblem(await edit(order.id, { changes: [{ type: 'set_quantity', lineId: order.lines[0].id, quantity: 1 }] }), 409, 'edit_not_allowed')
    const after = await getOrder(ordo.api, order.id)
    expect(after.totals.total).toBe(2000)
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 2 })
    expect(await edits(order.id)).toEqual([])
    const cancelled = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    must(await ordo.api('POST', `/orders/${cancelled.id}/actions/cancel`, {}), 200)
    expectProblem(await edit(cancelled.id, { changes: [{ type: 'set_customer_contact', name: 'X' }] }), 409, 'edit_not_allowed')
  })

  it('a retried edit with the same Idempotency-Key is applied once', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
    const key = { 'idempotency-key': `edit-${uid()}` }
    const body = { changes: [{ type: 'add_line', sku: world.product.sku, quantity: 2 }] }
    const first = must(await edit(order.id, body, false, key), 200)
    const again = await edit(order.id, body, false, key)
    expect(must(again, 200).order.version).toBe(first.order.version)
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 3 })
    expect(await edits(order.id)).toHaveLength(1)
  })

  it('parallel edits competing for the last units never oversell', async () => {
    const world = await createWorld(ordo.api, { stock: 20, price: 1000 })
    const scarce = await createProduct(ordo.api, { prices: { CHF: 500 } })
    await setStock(ordo.api, world.warehouse.code, scarce.sku, 3)
    const orders = []
    for (let i = 0; i < 6; i++) orders.push(await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' }))
    const results = await Promise.all(orders.map((o) => edit(o.id, { changes: [{ type: 'add_line', sku: scarce.sku, quantity: 1 }] })))
    const ok = results.filter((r) => r.status === 200)
    for (const r of results) if (r.status !== 200) expectProblem(r, 409, 'out_of_stock')
    expect(ok).toHaveLength(3)
    expect(await getStock(ordo.api, scarce.sku)).toMatchObject({ onHand: 3, reserved: 3, available: 0 })
  })
})

describe('edit e-mail and goodwill', () => {
  it('e-mails the customer only when asked, and keeps a goodwill refund when lines are cancelled later', async () => {
    const { workerFor } = await import('./jobs-support.ts')
    const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 4 }], card())
    must(await edit(order.id, { changes: [{ type: 'set_quantity', lineId: order.lines[0].id, quantity: 3 }] }), 200)
    must(await edit(order.id, { changes: [{ type: 'set_quantity', lineId: order.lines[0].id, quantity: 2 }], notifyCustomer: true }), 200)
    await workerFor(ordo).drain()
    const mail = must(await ordo.api('GET', `/mail?orderId=${order.id}`), 200).items.filter((m: any) => m.event === 'order.edited')
    expect(mail).toHaveLength(1)
    expect(mail[0].text).toContain(`${world.product.sku}: 3 → 2`)

    // Paid 4000, refunded 2000 by the edits; 500 goodwill; then one more unit cancelled: 1000 back, the goodwill stays.
    must(await ordo.api('POST', `/orders/${order.id}/actions/refund`, { amount: 500, reason: 'Goodwill' }), 200)
    const after = must(await ordo.api('POST', `/orders/${order.id}/actions/cancel-lines`, { lines: [{ lineId: order.lines[0].id, quantity: 1 }] }), 200)
    expect(after.payment).toMatchObject({ captured: 4000, refunded: 3500, outstanding: 0 })
  })
})
