/**
 * Draft and phone orders (A17), held and assisted orders (A16): a draft is edited with live
 * totals, placed through the same placement as POST /orders, holds stock until a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { snapshotCounts, startOrdo, type ApiHeaders, type Ordo } from './harness.ts'
import { address, createCustomer, createProduct, createWorld, expectProblem, getStock, must, setStock, uid } from './fixtures.ts'
import { releaseExpiredHolds } from '../src/drafts/draft-hold.ts'
import { systemActor } from '../src/auth/actor.ts'
import { forgetSchedules } from '../src/jobs/recurring.ts'
import { workerFor } from './jobs-support.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const as = (token: string): ApiHeaders => ({ authorization: `Bearer ${token}` })
const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString()

async function newDraft(world: Awaited<ReturnType<typeof createWorld>>, quantity = 2, extra: Record<string, unknown> = {}) {
  return must(await ordo.api('POST', '/drafts', {
    shop: world.shop.code, customer: { id: world.customer.id }, billingAddress: address(world.customer.name),
    lines: [{ sku: world.product.sku, quantity }], source: 'phone', ...extra,
  }), 201)
}

describe('draft orders', () => {
  it('takes discount codes: checked when saved, shown in the totals, used up only when placed', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
    const code = `PHONE${uid()}`
    const discount = must(await ordo.api('POST', '/discounts', { shop: world.shop.code, code, kind: 'amount', value: 500, minTotal: 2000, usageLimit: 1 }), 201)
    const draft = await newDraft(world, 1)
    // Below the code's minimum: refused, and the draft keeps no code.
    expectProblem(await ordo.api('PATCH', `/drafts/${draft.id}`, { discountCodes: [code] }), 422, 'discount_code_invalid')
    expectProblem(await ordo.api('PATCH', `/drafts/${draft.id}`, { discountCodes: ['NO-SUCH-CODE'] }), 422, 'discount_code_invalid')
    expect(must(await ordo.api('GET', `/drafts/${draft.id}`), 200).discountCodes).toEqual([])

    const withCode = must(await ordo.api('PATCH', `/drafts/${draft.id}`, { lines: [{ sku: world.product.sku, quantity: 3 }], discountCodes: [code.toLowerCase()] }), 200)
    expect(withCode.totals).toMatchObject({ subtotal: 3000, discount: 500, total: 2500, discounts: [{ code, amount: 500 }], discountProblem: null })
    expect(withCode.discountCodes).toEqual([code])
    // Saving the code does not use it up: another order may still take it first.
    expect(must(await ordo.api('GET', `/discounts/${discount.id}`), 200).usedCount).toBe(0)

    // Fewer lines later: the draft says the code would be refused, and placing it is refused.
    const fewer = must(await ordo.api('PATCH', `/drafts/${draft.id}`, { lines: [{ sku: world.product.sku, quantity: 1 }] }), 200)
    expect(fewer.totals).toMatchObject({ discount: 0, total: 1000, discounts: [] })
    expect(fewer.totals.discountProblem).toContain('needs goods worth at least 2000')
    expectProblem(await ordo.api('POST', `/drafts/${draft.id}/actions/place`, { payment: { method: 'invoice' } }), 422, 'discount_code_invalid')

    must(await ordo.api('PATCH', `/drafts/${draft.id}`, { lines: [{ sku: world.product.sku, quantity: 2 }] }), 200)
    const order = must(await ordo.api('POST', `/drafts/${draft.id}/actions/place`, { payment: { method: 'invoice' } }), 201)
    expect(order.totals).toMatchObject({ subtotal: 2000, discount: 500, total: 1500, discountCodes: [{ code, amount: 500 }] })
    expect(must(await ordo.api('GET', `/discounts/${discount.id}`), 200).usedCount).toBe(1)
    // Used up now: a second draft with it is refused at placement.
    const second = await newDraft(world, 2, { discountCodes: [code] })
    expectProblem(await ordo.api('POST', `/drafts/${second.id}/actions/place`, { payment: { method: 'invoice' } }), 409, 'discount_code_used_up')
  })

  it('shows live totals and availability, and places through the order placement', async () => {
    const world = await createWorld(ordo.api, { stock: 5, price: 1000 })
    const draft = await newDraft(world, 2)
    expect(draft).toMatchObject({ status: 'open', source: 'phone', totals: { subtotal: 2000, total: 2000, currency: 'CHF' } })
    expect(draft.lines[0]).toMatchObject({ sku: world.product.sku, unitPrice: 1000, available: 5, enough: true })
    expect(draft.allowedActions).toContain('place')

    const edited = must(await ordo.api('PATCH', `/drafts/${draft.id}`, { lines: [{ sku: world.product.sku, quantity: 7 }], shippingCost: 500 }), 200)
    expect(edited.totals).toMatchObject({ subtotal: 7000, shipping: 500, total: 7500 })
    expect(edited.lines[0]).toMatchObject({ available: 5, enough: false })
    expectProblem(await ordo.api('POST', `/drafts/${draft.id}/actions/place`, { payment: { method: 'invoice' } }), 409, 'out_of_stock')
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(0)

    must(await ordo.api('PATCH', `/drafts/${draft.id}`, { lines: [{ sku: world.product.sku, quantity: 3 }] }), 200)
    const order = must(await ordo.api('POST', `/drafts/${draft.id}/actions/place`, { payment: { method: 'invoice' } }), 201)
    expect(order).toMatchObject({ status: 'in_progress', customer: { id: world.customer.id }, totals: { total: 3500 } })
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(3)
    const after = must(await ordo.api('GET', `/drafts/${draft.id}`), 200)
    expect(after).toMatchObject({ status: 'placed', orderId: order.id, allowedActions: [] })
    expectProblem(await ordo.api('POST', `/drafts/${draft.id}/actions/place`, { payment: { method: 'invoice' } }), 409, 'transition_not_allowed')
    expectProblem(await ordo.api('PATCH', `/drafts/${draft.id}`, { note: 'late' }), 409, 'transition_not_allowed')
    const history = must(await ordo.api('GET', `/orders/${order.id}/history`), 200).items
    expect(history.some((h: any) => h.note?.includes(`Placed from draft ${draft.id}`))).toBe(true)
  })

  it('a draft without customer or address cannot be placed, and says what is missing', async () => {
    const world = await createWorld(ordo.api)
    const draft = must(await ordo.api('POST', '/drafts', { shop: world.shop.code }), 201)
    expect(draft.totals.total).toBe(0)
    const res = await ordo.api('POST', `/drafts/${draft.id}/actions/place`, { payment: { method: 'invoice' } })
    expectProblem(res, 422, 'draft_incomplete')
    expect(res.body.missing).toEqual(['customer', 'billingAddress', 'lines'])
  })

  it('price overrides need prices.override and a reason, and the order is charged the agreed price', async () => {
    const world = await createWorld(ordo.api, { price: 1000 })
    const draft = await newDraft(world, 2)
    const callCentre = must(await ordo.api('POST', '/tokens', { name: 'cc', role: 'call_centre' }), 201).token
    const line = { sku: world.product.sku, quantity: 2, unitPrice: 800, overrideReason: 'loyal customer' }
    expectProblem(await ordo.api('PATCH', `/drafts/${draft.id}`, { lines: [line] }, as(callCentre)), 403, 'forbidden')
    expectProblem(await ordo.api('PATCH', `/drafts/${draft.id}`, { lines: [{ ...line, overrideReason: undefined }] }), 422, 'reason_required')
    const priced = must(await ordo.api('PATCH', `/drafts/${draft.id}`, { lines: [line] }), 200)
    expect(priced.lines[0]).toMatchObject({ unitPrice: 800, cataloguePrice: 1000, overrideReason: 'loyal customer', amount: 1600 })
    // A colleague without the permission may still change the quantity of an agreed line.
    must(await ordo.api('PATCH', `/drafts/${draft.id}`, { lines: [{ sku: world.product.sku, quantity: 3, unitPrice: 800 }] }, as(callCentre)), 200)
    const order = must(await ordo.api('POST', `/drafts/${draft.id}/actions/place`, { payment: { method: 'invoice' } }, as(callCentre)), 201)
    expect(order.lines[0]).toMatchObject({ unitPrice: 800, amount: 2400 })
    expect(order.totals.total).toBe(2400)
    const history = must(await ordo.api('GET', `/drafts/${draft.id}/history`), 200).items
    expect(history.filter((h: any) => h.type === 'price-override').map((h: any) => h.note)).toEqual([`${world.product.sku}: 800 (loyal customer)`])
  })

  it('bad input is refused with problem+json and changes nothing', async () => {
    const world = await createWorld(ordo.api)
    const before = await snapshotCounts(ordo.db)
    expectProblem(await ordo.api('POST', '/drafts', { shop: world.shop.code, lines: [{ sku: 'NOPE-1', quantity: 1 }] }), 422, 'unknown_sku')
    expectProblem(await ordo.api('POST', '/drafts', { shop: world.shop.code, lines: [{ sku: world.product.sku, quantity: 0 }] }), 400, 'validation_failed')
    expectProblem(await ordo.api('POST', '/drafts', { shop: world.shop.code, shippingCost: 1e15 }), 400, 'validation_failed')
    expectProblem(await ordo.api('POST', '/drafts', { shop: 'NOSHOP' }), 404, 'shop_not_found')
    expectProblem(await ordo.api('GET', '/drafts/not-a-uuid'), 404, 'draft_not_found')
    expect(await snapshotCounts(ordo.db)).toEqual(before)
  })

  it('honours Idempotency-Key on create and place', async () => {
    const world = await createWorld(ordo.api)
    const body = { shop: world.shop.code, customer: { id: world.customer.id }, billingAddress: address(), lines: [{ sku: world.product.sku, quantity: 1 }] }
    const a = must(await ordo.api('POST', '/drafts', body, { 'idempotency-key': `d-${world.shop.code}` }), 201)
    const b = await ordo.api('POST', '/drafts', body, { 'idempotency-key': `d-${world.shop.code}` })
    expect(b.body.id).toBe(a.id)
    expect(b.headers.get('idempotent-replayed')).toBe('true')
    const p1 = must(await ordo.api('POST', `/drafts/${a.id}/actions/place`, { payment: { method: 'invoice' } }, { 'idempotency-key': `p-${a.id}` }), 201)
    const p2 = must(await ordo.api('POST', `/drafts/${a.id}/actions/place`, { payment: { method: 'invoice' } }, { 'idempotency-key': `p-${a.id}` }), 201)
    expect(p2.id).toBe(p1.id)
  })

  it('placing one draft twice in parallel gives one order', async () => {
    const world = await createWorld(ordo.api, { stock: 50 })
    const draft = await newDraft(world, 1)
    const results = await Promise.all(Array.from({ length: 6 }, () =>
      ordo.api('POST', `/drafts/${draft.id}/actions/place`, { payment: { method: 'invoice' } })))
    const placed = results.filter((r) => r.status === 201)
    expect(placed.length).toBe(1)
    for (const r of results.filter((x) => x.status !== 201)) expectProblem(r, 409, 'transition_not_allowed')
    const orders = must(await ordo.api('GET', `/orders?customer=${world.customer.id}`), 200).items
    expect(orders.length).toBe(1)
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(1)
  })

  it('is scoped to the shops of the caller', async () => {
    const a = await createWorld(ordo.api)
    const b = await createWorld(ordo.api)
    const draft = await newDraft(b, 1)
    const scoped = must(await ordo.api('POST', '/tokens', { name: 'A only', role: 'administrator', shops: [a.shop.code] }), 201).token
    expectProblem(await ordo.api('GET', `/drafts/${draft.id}`, undefined, as(scoped)), 404, 'draft_not_found')
    expectProblem(await ordo.api('POST', `/drafts/${draft.id}/actions/place`, { payment: { method: 'invoice' } }, as(scoped)), 404, 'draft_not_found')
    const list = must(await ordo.api('GET', '/drafts', undefined, as(scoped)), 200).items
    expect(list.some((d: any) => d.id === draft.id)).toBe(false)
    expect(must(await ordo.api('GET', '/drafts'), 200).items.some((d: any) => d.id === draft.id)).toBe(true)
  })
})

describe('held and assisted orders', () => {
  it('a hold reserves the stock; others cannot take it; placing the held draft succeeds', async () => {
    const world = await createWorld(ordo.api, { stock: 3 })
    const draft = await newDraft(world, 3)
    const held = must(await ordo.api('POST', `/drafts/${draft.id}/actions/hold`, { until: inHours(2) }), 200)
    expect(held).toMatchObject({ status: 'held', reservations: [{ warehouse: world.warehouse.code, sku: world.product.sku, quantity: 3 }] })
    expect(held.lines[0]).toMatchObject({ available: 3, enough: true })
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 3, reserved: 3, available: 0 })

    // Contention: ten orders race the held draft for the same stock.
    const others = Array.from({ length: 10 }, () => ordo.api('POST', '/orders', {
      shop: world.shop.code, customer: { id: world.customer.id }, billingAddress: address(),
      lines: [{ sku: world.product.sku, quantity: 1 }], payment: { method: 'invoice' },
    }))
    const mine = ordo.api('POST', `/drafts/${draft.id}/actions/place`, { payment: { method: 'invoice' } })
    const [results, placed] = await Promise.all([Promise.all(others), mine])
    for (const r of results) expectProblem(r, 409, 'out_of_stock')
    must(placed, 201)
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 3, reserved: 3, available: 0 })
    expect(await ordo.db.selectFrom('draft_reservations').selectAll().where('draft_id', '=', draft.id).execute()).toEqual([])
  })

  it('parallel holds on the last units: exactly as many as the stock allows win', async () => {
    const world = await createWorld(ordo.api, { stock: 4 })
    const drafts = await Promise.all(Array.from({ length: 6 }, () => newDraft(world, 2)))
    const results = await Promise.all(drafts.map((d) => ordo.api('POST', `/drafts/${d.id}/actions/hold`, { until: inHours(1) })))
    expect(results.filter((r) => r.status === 200).length).toBe(2)
    for (const r of results.filter((x) => x.status !== 200)) expectProblem(r, 409, 'out_of_stock')
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 4, reserved: 4, available: 0 })
  })

  it('a hold cannot take more than is free, and editing a held draft re-reserves', async () => {
    const world = await createWorld(ordo.api, { stock: 4 })
    const draft = await newDraft(world, 5)
    expectProblem(await ordo.api('POST', `/drafts/${draft.id}/actions/hold`, { until: inHours(1) }), 409, 'out_of_stock')
    expectProblem(await ordo.api('POST', `/drafts/${draft.id}/actions/hold`, { until: inHours(-1) }), 400, 'validation_failed')
    must(await ordo.api('PATCH', `/drafts/${draft.id}`, { lines: [{ sku: world.product.sku, quantity: 2 }] }), 200)
    must(await ordo.api('POST', `/drafts/${draft.id}/actions/hold`, { until: inHours(1) }), 200)
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(2)
    must(await ordo.api('PATCH', `/drafts/${draft.id}`, { lines: [{ sku: world.product.sku, quantity: 4 }] }), 200)
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(4)
    expectProblem(await ordo.api('PATCH', `/drafts/${draft.id}`, { lines: [{ sku: world.product.sku, quantity: 5 }] }), 409, 'out_of_stock')
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(4)
    must(await ordo.api('POST', `/drafts/${draft.id}/actions/release`, {}), 200)
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(0)
    must(await ordo.api('POST', `/drafts/${draft.id}/actions/hold`, { until: inHours(1) }), 200)
    must(await ordo.api('DELETE', `/drafts/${draft.id}`), 200)
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(0)
  })

  it('expired holds are released by the job, with a history entry', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const draft = await newDraft(world, 2)
    must(await ordo.api('POST', `/drafts/${draft.id}/actions/hold`, { until: inHours(1) }), 200)
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(2)
    expect((await releaseExpiredHolds(ordo.db, systemActor('test'))).released).toBe(0)
    // The passing of time: the hold ran out a minute ago.
    await sql`update drafts set hold_until = now() - interval '1 minute' where id = ${draft.id}`.execute(ordo.db)
    expect((await releaseExpiredHolds(ordo.db, systemActor('test'))).released).toBe(1)
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(0)
    const after = must(await ordo.api('GET', `/drafts/${draft.id}`), 200)
    expect(after).toMatchObject({ status: 'open', holdUntil: null, reservations: [] })
    const history = must(await ordo.api('GET', `/drafts/${draft.id}/history`), 200).items
    expect(history.at(-1)).toMatchObject({ action: 'hold-expired', from: 'held', to: 'open', actor: { kind: 'system' } })
  })

  it('the worker runs the hold expiry on its schedule', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const draft = await newDraft(world, 3)
    must(await ordo.api('POST', `/drafts/${draft.id}/actions/hold`, { until: inHours(1) }), 200)
    await sql`update drafts set hold_until = now() - interval '1 second' where id = ${draft.id}`.execute(ordo.db)
    forgetSchedules()
    await workerFor(ordo).drain()
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(0)
    const job = await ordo.db.selectFrom('jobs').select(['state', 'result']).where('kind', '=', 'drafts.release-holds').executeTakeFirstOrThrow()
    expect(job.state).toBe('done')
    expect(must(await ordo.api('GET', `/drafts/${draft.id}`), 200).status).toBe('open')
  })

  it('assign, hand back with a code, and the customer finishes it through the storefront', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const draft = await newDraft(world, 1)
    const user = must(await ordo.api('POST', '/users', { email: `u${world.shop.code}@example.test`.toLowerCase(), name: 'Carla Colleague', password: 'a-long-password-1', role: 'call_centre' }), 201).user
    const assigned = must(await ordo.api('POST', `/drafts/${draft.id}/actions/assign`, { userId: user.id, note: 'please call back' }), 200)
    expect(assigned.assignee).toEqual({ id: user.id, name: 'Carla Colleague' })
    expectProblem(await ordo.api('POST', `/drafts/${draft.id}/actions/assign`, { userId: '00000000-0000-0000-0000-000000000000' }), 404, 'user_not_found')
    const handed = must(await ordo.api('POST', `/drafts/${draft.id}/actions/hand-back`, { note: 'customer pays online' }), 200)
    expect(handed.status).toBe('handed_back')
    expect(handed.handBackCode).toMatch(/^[A-Z2-9]{10}$/)
    const storefront = must(await ordo.api('POST', '/tokens', { name: 'storefront', role: 'call_centre' }), 201).token
    const seen = must(await ordo.api('GET', `/draft-checkout/${handed.handBackCode}`, undefined, as(storefront)), 200)
    expect(seen.id).toBe(draft.id)
    const order = must(await ordo.api('POST', `/draft-checkout/${handed.handBackCode}/place`, { payment: { method: 'card', token: 'test_ok' } }, as(storefront)), 201)
    expect(order.paymentStatus).toBe('paid')
    expectProblem(await ordo.api('GET', `/draft-checkout/${handed.handBackCode}`, undefined, as(storefront)), 404, 'draft_not_found')
    const events = await ordo.db.selectFrom('events').select('type').where(sql<boolean>`payload->>'draftId' = ${draft.id}`).execute()
    expect(events.map((e) => e.type)).toEqual(['draft.created', 'draft.assigned', 'draft.handed_back', 'draft.placed'])
    await workerFor(ordo).drain()
    const mail = await ordo.db.selectFrom('mail_messages').selectAll().where('event', '=', 'draft.handed_back').where('shop_code', '=', world.shop.code).execute()
    expect(mail.map((m) => m.to_addresses)).toEqual([[world.customer.email]])
    expect(mail[0].text_body).toContain(handed.handBackCode)
  })

  it('moves an order to another customer, audited', async () => {
    const world = await createWorld(ordo.api)
    const draft = await newDraft(world, 1)
    const order = must(await ordo.api('POST', `/drafts/${draft.id}/actions/place`, { payment: { method: 'invoice' } }), 201)
    const other = await createCustomer(ordo.api)
    expectProblem(await ordo.api('POST', `/orders/${order.id}/actions/reassign-customer`, { customerId: other.id }), 400, 'validation_failed')
    const moved = must(await ordo.api('POST', `/orders/${order.id}/actions/reassign-customer`, { customerId: other.id, note: 'duplicate account' }), 200)
    expect(moved.customer).toEqual({ id: other.id, email: other.email, name: other.name })
    const history = must(await ordo.api('GET', `/orders/${order.id}/history`), 200).items
    expect(history.at(-1)).toMatchObject({ type: 'customer-reassigned', action: 'reassign-customer' })
    expect(history.at(-1).note).toContain('duplicate account')
    expect(must(await ordo.api('GET', `/orders?customer=${other.id}`), 200).items.map((o: any) => o.id)).toEqual([order.id])
    const readOnly = must(await ordo.api('POST', '/tokens', { name: 'ro', role: 'read_only' }), 201).token
    expectProblem(await ordo.api('POST', `/orders/${order.id}/actions/reassign-customer`, { customerId: world.customer.id, note: 'x' }, as(readOnly)), 403, 'forbidden')
  })
})
