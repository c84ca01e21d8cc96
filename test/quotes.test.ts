/** Requests for quote (A18): request, negotiate, propose by e-mail, accept, order at the negotiated prices; B2B fields. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { snapshotCounts, startOrdo, type ApiHeaders, type Ordo } from './harness.ts'
import { address, createWorld, expectProblem, must, uid } from './fixtures.ts'
import { workerFor } from './jobs-support.ts'
import { expireQuotes } from '../src/quotes/quote.service.ts'
import { systemActor } from '../src/auth/actor.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const as = (token: string): ApiHeaders => ({ authorization: `Bearer ${token}` })
const dayIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

async function requested(world: Awaited<ReturnType<typeof createWorld>>, headers: ApiHeaders = {}) {
  const email = `buyer${uid().toLowerCase()}@example.test`
  return must(await ordo.api('POST', '/quotes', {
    shop: world.shop.code, customer: { email, name: 'Bea Buyer', company: 'Buyer AG' },
    lines: [{ sku: world.product.sku, quantity: 40 }], message: 'Price for 40?', poReference: 'PO-4711', costCentre: 'CC-12',
  }, headers), 201)
}

describe('requests for quote', () => {
  it('request, negotiate, propose by e-mail, accept, and order at the negotiated prices with B2B fields', async () => {
    const world = await createWorld(ordo.api, { stock: 100, price: 1000 })
    const storefront = must(await ordo.api('POST', '/tokens', { name: 'storefront', role: 'call_centre' }), 201).token
    const quote = await requested(world, as(storefront))
    expect(quote).toMatchObject({ status: 'requested', poReference: 'PO-4711', totals: { total: 40_000 }, allowedActions: ['propose', 'reject'] })
    expect(quote.number).toMatch(/^Q-\d{8}-[0-9A-F]{6}$/)

    // The call centre may not set other prices than the catalogue's; an administrator may.
    const discounted = { lines: [{ sku: world.product.sku, quantity: 40, unitPrice: 850 }], validUntil: dayIn(14) }
    expectProblem(await ordo.api('PATCH', `/quotes/${quote.id}`, discounted, as(storefront)), 403, 'forbidden')
    const negotiated = must(await ordo.api('PATCH', `/quotes/${quote.id}`, discounted), 200)
    expect(negotiated.lines[0]).toMatchObject({ unitPrice: 850, cataloguePrice: 1000, amount: 34_000 })
    expect(negotiated.validUntil).toBe(dayIn(14))

    expectProblem(await ordo.api('POST', `/quotes/${quote.id}/actions/order`, { billingAddress: address(), payment: { method: 'invoice' } }), 409, 'transition_not_allowed')
    const proposed = must(await ordo.api('POST', `/quotes/${quote.id}/actions/propose`, { note: 'Our best price.' }), 200)
    expect(proposed.status).toBe('proposed')
    await workerFor(ordo).drain()
    const mail = await ordo.db.selectFrom('mail_messages').selectAll().where('event', '=', 'quote.proposed').where('shop_code', '=', world.shop.code).execute()
    expect(mail.length).toBe(1)
    expect(mail[0].to_addresses).toEqual([quote.customer.email])
    expect(mail[0].subject).toBe(`Your quote ${quote.number} from ${world.shop.name}`)
    expect(mail[0].text_body).toContain('40 x')
    expect(mail[0].text_body).toContain('8.50')
    expect(mail[0].text_body).toContain('Our best price.')

    must(await ordo.api('POST', `/quotes/${quote.id}/actions/accept`, {}, as(storefront)), 200)
    const order = must(await ordo.api('POST', `/quotes/${quote.id}/actions/order`, {
      billingAddress: address('Buyer AG'), payment: { method: 'invoice' }, approver: 'Dr. Procurement',
    }), 201)
    expect(order.lines[0]).toMatchObject({ quantity: 40, unitPrice: 850, amount: 34_000 })
    expect(order.totals.total).toBe(34_000)
    expect(order.customer.email).toBe(quote.customer.email)
    expect(must(await ordo.api('GET', `/orders/${order.id}/b2b`), 200)).toEqual({ poReference: 'PO-4711', costCentre: 'CC-12', approver: 'Dr. Procurement', quoteId: quote.id })
    // The B2B fields travel with the order into the exports.
    const csv = await fetch(`${ordo.url}/api/v1/orders/export?format=csv&shop=${world.shop.code}`, { headers: { authorization: `Bearer ${ordo.adminToken}` } }).then((r) => r.text())
    const [header, row] = csv.trim().split('\n')
    expect(header.endsWith(',po_reference,cost_centre,approver')).toBe(true)
    expect(row.endsWith(',PO-4711,CC-12,Dr. Procurement')).toBe(true)
    const xml = await fetch(`${ordo.url}/api/v1/orders/export?format=xml&shop=${world.shop.code}`, { headers: { authorization: `Bearer ${ordo.adminToken}` } }).then((r) => r.text())
    expect(xml).toContain('<b2b><poReference>PO-4711</poReference><costCentre>CC-12</costCentre><approver>Dr. Procurement</approver></b2b>')
    const after = must(await ordo.api('GET', `/quotes/${quote.id}`), 200)
    expect(after).toMatchObject({ status: 'ordered', orderId: order.id, allowedActions: [] })
    expectProblem(await ordo.api('POST', `/quotes/${quote.id}/actions/order`, { billingAddress: address(), payment: { method: 'invoice' } }), 409, 'transition_not_allowed')
    const history = must(await ordo.api('GET', `/quotes/${quote.id}/history`), 200).items
    expect(history.filter((h: any) => h.type === 'transition').map((h: any) => h.action)).toEqual(['request', 'propose', 'accept', 'order'])
  })

  it('ordering an accepted quote twice in parallel gives one order', async () => {
    const world = await createWorld(ordo.api, { stock: 100 })
    const quote = await requested(world)
    must(await ordo.api('POST', `/quotes/${quote.id}/actions/propose`, { validUntil: dayIn(3) }), 200)
    must(await ordo.api('POST', `/quotes/${quote.id}/actions/accept`, {}), 200)
    const results = await Promise.all(Array.from({ length: 5 }, () =>
      ordo.api('POST', `/quotes/${quote.id}/actions/order`, { billingAddress: address(), payment: { method: 'invoice' } })))
    expect(results.filter((r) => r.status === 201).length).toBe(1)
    for (const r of results.filter((x) => x.status !== 201)) expectProblem(r, 409, 'transition_not_allowed')
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from order_b2b where quote_id = ${quote.id}`.execute(ordo.db)
    expect(rows[0].n).toBe(1)
  })

  it('a proposal needs a validity; past it the quote expires and cannot be accepted', async () => {
    const world = await createWorld(ordo.api)
    const quote = await requested(world)
    expectProblem(await ordo.api('POST', `/quotes/${quote.id}/actions/propose`, {}), 400, 'validation_failed')
    expectProblem(await ordo.api('POST', `/quotes/${quote.id}/actions/propose`, { validUntil: dayIn(-1) }), 400, 'validation_failed')
    must(await ordo.api('POST', `/quotes/${quote.id}/actions/propose`, { validUntil: dayIn(1) }), 200)
    await sql`update quotes set valid_until = current_date - 1 where id = ${quote.id}`.execute(ordo.db)
    expectProblem(await ordo.api('POST', `/quotes/${quote.id}/actions/accept`, {}), 409, 'transition_not_allowed')
    expect((await expireQuotes(ordo.db, systemActor('test'))).expired).toBeGreaterThanOrEqual(1)
    expect(must(await ordo.api('GET', `/quotes/${quote.id}`), 200).status).toBe('expired')
  })

  it('refuses bad input and unknown things without change; is scoped to the shops of the caller', async () => {
    const world = await createWorld(ordo.api)
    const before = await snapshotCounts(ordo.db)
    expectProblem(await ordo.api('POST', '/quotes', { shop: world.shop.code, customer: { email: 'x@example.test', name: 'X' }, lines: [] }), 400, 'validation_failed')
    expectProblem(await ordo.api('POST', '/quotes', { shop: world.shop.code, customer: { email: 'x@example.test', name: 'X' }, lines: [{ sku: 'NOPE', quantity: 1 }] }), 422, 'unknown_sku')
    expectProblem(await ordo.api('GET', '/quotes/nope'), 404, 'quote_not_found')
    expect(await snapshotCounts(ordo.db)).toEqual(before)
    const quote = await requested(world)
    expectProblem(await ordo.api('POST', `/quotes/${quote.id}/actions/fly`, {}), 404)
    must(await ordo.api('POST', `/quotes/${quote.id}/actions/reject`, { note: 'too expensive' }), 200)
    const other = await createWorld(ordo.api)
    const scoped = must(await ordo.api('POST', '/tokens', { name: 'other only', role: 'administrator', shops: [other.shop.code] }), 201).token
    expectProblem(await ordo.api('GET', `/quotes/${quote.id}`, undefined, as(scoped)), 404, 'quote_not_found')
    expect(must(await ordo.api('GET', '/quotes', undefined, as(scoped)), 200).items.some((q: any) => q.id === quote.id)).toBe(false)
  })

  it('B2B fields can be set on any order and are kept in its history', async () => {
    const world = await createWorld(ordo.api)
    const order = must(await ordo.api('POST', '/orders', {
      shop: world.shop.code, customer: { id: world.customer.id }, billingAddress: address(), lines: [{ sku: world.product.sku, quantity: 1 }], payment: { method: 'invoice' },
    }), 201)
    expect(must(await ordo.api('GET', `/orders/${order.id}/b2b`), 200)).toEqual({ poReference: null, costCentre: null, approver: null, quoteId: null })
    must(await ordo.api('PUT', `/orders/${order.id}/b2b`, { poReference: 'PO-1', approver: 'Mia' }), 200)
    expect(must(await ordo.api('GET', `/orders/${order.id}/b2b`), 200)).toMatchObject({ poReference: 'PO-1', approver: 'Mia' })
    const history = must(await ordo.api('GET', `/orders/${order.id}/history`), 200).items
    expect(history.at(-1)).toMatchObject({ type: 'b2b', note: 'PO PO-1, cost centre -, approver Mia' })
  })
})
