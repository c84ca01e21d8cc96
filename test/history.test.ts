/**
 * The audit trail: every transition, payment attempt and note appears in the order's
 * history, with who did it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '../src/auth/tokens.ts'
import { startOrdo, type Ordo } from './harness.ts'
import {
  card, createProduct, createWorld, deliveryAction, deliveryOf, getHistory, getTransactions, must, orderAction, placeOrder, uid,
} from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const admin = { kind: 'token', id: 'env', name: 'ORDO_ADMIN_TOKEN' }

describe('order history', () => {
  it('records every transition, payment and note of a whole order life, with its actor', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const ebook = await createProduct(ordo.api, { kind: 'electronic', prices: { CHF: 1500 } })
    const order = await placeOrder(ordo.api, world,
      [{ sku: world.product.sku, quantity: 1 }, { sku: ebook.sku, quantity: 1 }], { method: 'bank_transfer' })
    const parcel = deliveryOf(order, 'standard')
    const electronic = deliveryOf(order, 'electronic')
    expect(order.status).toBe('awaiting_payment')

    must(await ordo.api('POST', `/orders/${order.id}/notes`, { text: 'Customer asked for a gift wrap' }), 201)
    must(await ordo.api('POST', `/orders/${order.id}/notes`, { text: 'Thank you for your order!', clientFacing: true }), 201)
    must(await orderAction(ordo.api, order.id, 'advise-payment', { clientNote: 'Transfer is on its way' }), 200)
    must(await orderAction(ordo.api, order.id, 'confirm-payment', { note: 'Seen on the bank statement', clientNote: 'Payment received' }), 200)
    for (const action of ['pack', 'ready', 'ship', 'deliver']) {
      const body = action === 'ship' ? { carrier: 'Post CH', trackingNumber: `TRK${uid()}`, note: 'Handed to the courier' } : { note: `${action} done` }
      must(await deliveryAction(ordo.api, order.id, parcel.id, action, body), 200)
    }

    const history = await getHistory(ordo.api, order.id)
    const find = (predicate: (h: any) => boolean, what: string) => {
      const entry = history.find(predicate)
      expect(entry, `${what} missing from ${JSON.stringify(history, null, 1)}`).toBeTruthy()
      return entry
    }

    // Placement
    find((h) => h.to === 'awaiting_payment', 'placement into awaiting_payment')
    // Notes, internal and client-facing
    find((h) => h.note === 'Customer asked for a gift wrap' && !h.clientNote, 'internal note')
    find((h) => h.clientNote === 'Thank you for your order!' || (h.note === 'Thank you for your order!' && h.type.includes('client')), 'client-facing note')
    // Order actions, with their notes
    find((h) => h.action === 'advise-payment' && h.clientNote === 'Transfer is on its way', 'advise-payment')
    const confirmed = find((h) => h.action === 'confirm-payment' && h.from === 'awaiting_payment' && h.to === 'in_progress', 'confirm-payment transition')
    expect(confirmed).toMatchObject({ note: 'Seen on the bank statement', clientNote: 'Payment received' })
    // The payment itself
    find((h) => h.type === 'payment' && h.action === 'OFFLINE' && h.to === 'succeeded', 'OFFLINE payment')
    // Deliveries: allocation, the electronic one delivered at once, and every step of the parcel
    find((h) => h.deliveryId === parcel.id && h.to === 'allocated', 'parcel allocated')
    find((h) => h.deliveryId === electronic.id && h.to === 'delivered', 'electronic delivery delivered')
    for (const [action, from, to] of [['pack', 'allocated', 'packing'], ['ready', 'packing', 'ready_to_ship'], ['ship', 'ready_to_ship', 'shipped'], ['deliver', 'shipped', 'delivered']]) {
      const entry = find((h) => h.deliveryId === parcel.id && h.action === action && h.from === from && h.to === to, `delivery ${action}`)
      expect(entry.actor).toEqual(admin)
    }
    find((h) => h.deliveryId === parcel.id && h.action === 'ship' && h.note === 'Handed to the courier', 'ship note')
    // The order following its deliveries
    find((h) => h.to === 'completed' && !h.deliveryId, 'order completed')

    for (const h of history) {
      expect(h.actor, JSON.stringify(h)).toMatchObject({ kind: expect.any(String), id: expect.any(String), name: expect.any(String) })
      expect(Number.isNaN(Date.parse(h.at))).toBe(false)
    }
    // Everything above was done with the admin token.
    expect(history.filter((h) => h.actor.kind !== 'system').every((h) => h.actor.name === admin.name)).toBe(true)
    // In the order it happened.
    const times = history.map((h) => Date.parse(h.at))
    expect([...times].sort((a, b) => a - b)).toEqual(times)
  })

  it('records a declined payment attempt and the cancellation it caused', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const res = await ordo.api('POST', '/orders', {
      shop: world.shop.code, customer: { id: world.customer.id },
      billingAddress: { name: 'A', street: 'B 1', postalCode: '1000', city: 'Lausanne', country: 'CH' },
      lines: [{ sku: world.product.sku, quantity: 1 }], payment: card('test_decline'),
    })
    expect(res.status).not.toBe(500)
    const list = must(await ordo.api('GET', `/customers/${world.customer.id}/orders`), 200)
    const history = await getHistory(ordo.api, list.items[0].id)
    const attempt = history.find((h) => h.type === 'payment')
    expect(attempt, JSON.stringify(history)).toMatchObject({ action: 'AUTH_CAPTURE', to: 'declined', actor: admin })
    expect(history.some((h) => h.to === 'cancelled')).toBe(true)
  })

  it('names the integration whose token made the change', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const { token } = await createApiToken(ordo.db, 'ERP connector')
    const as = { authorization: `Bearer ${token}` }
    const placed = must(await ordo.api('POST', '/orders', {
      shop: world.shop.code, customer: { id: world.customer.id },
      billingAddress: { name: 'A', street: 'B 1', postalCode: '1000', city: 'Lausanne', country: 'CH' },
      lines: [{ sku: world.product.sku, quantity: 1 }], payment: card('test_ok', 'on_shipment'),
    }, as), 201)
    must(await ordo.api('POST', `/orders/${placed.id}/notes`, { text: 'Imported from the ERP' }, as), 201)
    must(await orderAction(ordo.api, placed.id, 'cancel', { note: 'Cancelled by staff' }), 200)

    const history = await getHistory(ordo.api, placed.id)
    const erp = (h: any) => h.actor.kind === 'token' && h.actor.name === 'ERP connector'
    expect(history.find((h) => h.note === 'Imported from the ERP')).toSatisfy(erp)
    expect(history.find((h) => h.type === 'payment' && h.action === 'AUTH')).toSatisfy(erp)
    expect(history.find((h) => h.action === 'cancel' && h.to === 'cancelled')).toMatchObject({ actor: admin, note: 'Cancelled by staff' })
    expect(history.find((h) => h.type === 'payment' && h.action === 'VOID')).toMatchObject({ actor: admin })

    const transactions = await getTransactions(ordo.api, placed.id)
    expect(transactions.map((t) => [t.operation, t.actor.name])).toEqual([['AUTH', 'ERP connector'], ['VOID', 'ORDO_ADMIN_TOKEN']])
  })

  it('a refused action leaves no trace', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
    const before = await getHistory(ordo.api, order.id)
    expect((await orderAction(ordo.api, order.id, 'approve')).status).toBe(409)
    expect((await deliveryAction(ordo.api, order.id, deliveryOf(order, 'standard').id, 'ship')).status).toBe(409)
    expect(await getHistory(ordo.api, order.id)).toEqual(before)
  })
})
