/**
 * Security finding 4: a shop-limited user placed a guest order with another shop's customer's
 * e-mail, and the customer became visible, editable and attached to the user's shop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { address, card, createWorld, expectProblem, must, placeOrder } from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

describe('customers of other shops', () => {
  it('are never revealed, attached or changed through a guest order', async () => {
    const a = await createWorld(ordo.api)
    const b = await createWorld(ordo.api)
    const victim = b.customer
    const before = must(await ordo.api('GET', `/customers/${victim.id}`), 200)
    const token = must(await ordo.api('POST', '/tokens', { name: 'shop A desk', role: 'call_centre', shops: [a.shop.code] }), 201).token
    const asA = { authorization: `Bearer ${token}` }

    const order = must(await ordo.api('POST', '/orders', {
      shop: a.shop.code, customer: { email: victim.email.toUpperCase(), name: 'Mallory' }, billingAddress: address('Mallory'),
      lines: [{ sku: a.product.sku, quantity: 1 }], payment: card(),
    }, asA), 201)
    // The order carries what the caller typed, not what the other shop stores.
    expect(order.customer.name).toBe('Mallory')
    expect(JSON.stringify(order)).not.toContain(before.name)

    expectProblem(await ordo.api('GET', `/customers/${victim.id}`, undefined, asA), 404, 'customer_not_found')
    expectProblem(await ordo.api('PATCH', `/customers/${victim.id}`, { blocked: true }, asA), 404, 'customer_not_found')
    expectProblem(await ordo.api('GET', `/customers/${victim.id}/orders`, undefined, asA), 404, 'customer_not_found')
    const listed = must(await ordo.api('GET', `/customers?q=${encodeURIComponent(victim.email)}`, undefined, asA), 200).items
    expect(listed).toEqual([])
    expect(must(await ordo.api('GET', `/customers/${victim.id}`), 200)).toEqual(before)

    // A customer the caller can see, or a new guest, is attached as before.
    const fresh = must(await ordo.api('POST', '/orders', {
      shop: a.shop.code, customer: { email: `new-${victim.email}`, name: 'Nora New' }, billingAddress: address('Nora New'),
      lines: [{ sku: a.product.sku, quantity: 1 }], payment: card(),
    }, asA), 201)
    expect(must(await ordo.api('GET', `/customers/${fresh.customer.id}`, undefined, asA), 200).shops).toEqual([a.shop.code])
  })

  it('audits every edit of a customer, visible to the staff of its shops', async () => {
    const a = await createWorld(ordo.api)
    await placeOrder(ordo.api, a, [{ sku: a.product.sku, quantity: 1 }], card())
    must(await ordo.api('PATCH', `/customers/${a.customer.id}`, { blocked: true, phone: '+41 44 000 00 00' }), 200)
    const scoped = must(await ordo.api('POST', '/tokens', { name: 'auditor', role: 'administrator', shops: [a.shop.code] }), 201).token
    const audit = must(await ordo.api('GET', '/audit?limit=500', undefined, { authorization: `Bearer ${scoped}` }), 200).items
    const entry = audit.find((e: any) => e.action === 'customer.updated' && e.targetId === a.customer.id)
    expect(entry.changes).toMatchObject({ blocked: { from: false, to: true }, phone: { to: '+41 44 000 00 00' } })
  })
})
