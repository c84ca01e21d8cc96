/**
 * Customers (A28): a paged, searchable list; notes, tags, flags that need a reason and keep
 * a history; order count and lifetime value; the address book; merging duplicates; GDPR
 * export and erasure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { address, card, createWorld, expectProblem, must, orderAction, orderBody, placeOrder, uid, type World } from './fixtures.ts'

let ordo: Ordo
let world: World
const family = `fam${uid().toLowerCase()}`

beforeAll(async () => {
  ordo = await startOrdo()
  world = await createWorld(ordo.api, { stock: 100, price: 1000 })
})
afterAll(async () => { await ordo?.close() })

const newCustomer = async (extra: Record<string, unknown> = {}) => {
  const id = uid().toLowerCase()
  return must(await ordo.api('POST', '/customers', { email: `${family}.${id}@example.test`, name: `Zed ${family} ${id}`, shop: world.shop.code, ...extra }), 201)
}
const orderFor = (customer: any, extra: Record<string, unknown> = {}) =>
  placeOrder(ordo.api, { shop: world.shop, customer }, [{ sku: world.product.sku, quantity: 1 }], card(), extra)

describe('customer list', () => {
  it('pages through every match, with a count', async () => {
    const made = []
    for (let i = 0; i < 5; i++) made.push(await newCustomer())
    const seen: string[] = []
    let cursor: string | null = null
    let first: any
    do {
      const page: any = must(await ordo.api('GET', `/customers?${new URLSearchParams({ q: family.toUpperCase(), limit: '2', ...(cursor && { cursor }) })}`), 200)
      first ??= page
      seen.push(...page.items.map((c: any) => c.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.sort()).toEqual(made.map((c) => c.id).sort())
    expect(first).toMatchObject({ count: 5, countIsExact: true })
  })

  it('finds a phone number in any notation', async () => {
    const c = await newCustomer({ phone: '+41 (0)79 765 43 21' })
    for (const q of ['079 765 43 21', '+41797654321', '765 43 21']) {
      expect(must(await ordo.api('GET', `/customers?q=${encodeURIComponent(q)}`), 200).items.map((x: any) => x.id), q).toContain(c.id)
    }
  })

  it('rejects a forged cursor', async () => {
    expectProblem(await ordo.api('GET', '/customers?cursor=bm9wZQ'), 400, 'validation_failed')
  })
})

describe('a customer', () => {
  it('needs a reason to change a flag, and keeps the history', async () => {
    const c = await newCustomer()
    expectProblem(await ordo.api('PATCH', `/customers/${c.id}`, { blocked: true }), 422, 'reason_required')
    expect(must(await ordo.api('GET', `/customers/${c.id}`), 200).blocked).toBe(false)
    const blocked = must(await ordo.api('PATCH', `/customers/${c.id}`, { blocked: true, reason: 'Chargeback on order 17' }), 200)
    expect(blocked.blocked).toBe(true)
    // The name can change without a reason; it is in the history too.
    must(await ordo.api('PATCH', `/customers/${c.id}`, { name: 'New Name' }), 200)
    const history = must(await ordo.api('GET', `/customers/${c.id}/history`), 200).items
    expect(history.map((h: any) => [h.type, h.field, h.from, h.to, h.reason])).toEqual([
      ['edit', 'name', c.name, 'New Name', null],
      ['flag', 'blocked', 'false', 'true', 'Chargeback on order 17'],
    ])
    expect(history[1].actor.kind).toBe('token')
    expect(must(await ordo.api('GET', `/customers?blocked=true&q=${family}`), 200).items.map((x: any) => x.id)).toEqual([c.id])
  })

  it('keeps notes and tags, and is found by tag', async () => {
    const c = await newCustomer()
    must(await ordo.api('POST', `/customers/${c.id}/notes`, { text: 'Prefers phone calls' }), 201)
    expect(must(await ordo.api('GET', `/customers/${c.id}/notes`), 200).items.map((n: any) => n.text)).toEqual(['Prefers phone calls'])
    const tagged = must(await ordo.api('PUT', `/customers/${c.id}/tags`, { tags: ['VIP', 'wholesale', 'vip'] }), 200)
    expect(tagged.tags).toEqual(['vip', 'wholesale'])
    expect(must(await ordo.api('GET', '/customers?tag=VIP'), 200).items.map((x: any) => x.id)).toEqual([c.id])
    expectProblem(await ordo.api('POST', `/customers/${c.id}/notes`, { text: '' }), 400, 'validation_failed')
  })

  it('shows order count, lifetime value net of refunds and cancellations, and the address book', async () => {
    const c = await newCustomer()
    await orderFor(c)
    await orderFor(c, { shippingAddress: { ...address(c.name), street: 'Seeweg 9', city: 'Luzern' } })
    const cancelled = await orderFor(c)
    must(await orderAction(ordo.api, cancelled.id, 'cancel', { note: 'changed mind' }), 200)
    const detail = must(await ordo.api('GET', `/customers/${c.id}`), 200)
    expect(detail.orderCount).toBe(3)
    expect(detail.lifetimeValue).toEqual([{ currency: 'CHF', amount: 2000 }])
    const book = must(await ordo.api('GET', `/customers/${c.id}/addresses`), 200).items
    expect(book.map((a: any) => a.city).sort()).toEqual(['Luzern', 'Zürich'])
  })
})

describe('merging duplicates', () => {
  it('moves orders, notes and tags to the survivor, deletes the duplicate, and audits it', async () => {
    const survivor = await newCustomer()
    const duplicate = await newCustomer({ requiresApproval: true })
    const order = await orderFor(duplicate)
    must(await ordo.api('POST', `/customers/${duplicate.id}/notes`, { text: 'Called twice' }), 201)
    must(await ordo.api('PUT', `/customers/${duplicate.id}/tags`, { tags: ['b2b'] }), 200)
    const key = `merge-${uid()}`
    const res = await ordo.api('POST', `/customers/${survivor.id}/merge`, { duplicateId: duplicate.id, note: 'Same person, two e-mails' }, { 'idempotency-key': key })
    const merged = must(res, 200)
    expect(merged.ordersMoved).toBe(1)
    expect(merged.customer).toMatchObject({ id: survivor.id, tags: ['b2b'], orderCount: 1, requiresApproval: true })
    // A retry with the same key gets the same answer and changes nothing.
    const again = await ordo.api('POST', `/customers/${survivor.id}/merge`, { duplicateId: duplicate.id, note: 'Same person, two e-mails' }, { 'idempotency-key': key })
    expect(again.status).toBe(200)
    expect(again.headers.get('idempotent-replayed')).toBe('true')

    expect(must(await ordo.api('GET', `/orders/${order.id}`), 200).customer.id).toBe(survivor.id)
    expect(must(await ordo.api('GET', `/customers/${survivor.id}/notes`), 200).items.map((n: any) => n.text)).toEqual(['Called twice'])
    const gone = await ordo.api('GET', `/customers/${duplicate.id}`)
    expectProblem(gone, 404, 'customer_not_found')
    expect(gone.body.mergedInto).toBe(survivor.id)
    const history = must(await ordo.api('GET', `/customers/${survivor.id}/history`), 200).items
    expect(history.find((h: any) => h.type === 'merge')).toMatchObject({ reason: 'Same person, two e-mails' })
    const audit = must(await ordo.api('GET', '/audit?limit=20'), 200).items
    expect(audit.find((a: any) => a.action === 'customer.merge' && a.targetId === survivor.id)?.changes).toMatchObject({ duplicate: duplicate.id, ordersMoved: 1 })
  })

  it('refuses to merge a customer into itself or an unknown one', async () => {
    const c = await newCustomer()
    expectProblem(await ordo.api('POST', `/customers/${c.id}/merge`, { duplicateId: c.id }), 422, 'merge_not_possible')
    expectProblem(await ordo.api('POST', `/customers/${c.id}/merge`, { duplicateId: '018f0000-0000-7000-8000-000000000000' }), 404, 'customer_not_found')
  })
})

describe('GDPR', () => {
  it('exports everything held about the customer', async () => {
    const c = await newCustomer({ phone: '044 123 45 67' })
    const order = await orderFor(c)
    must(await ordo.api('POST', `/customers/${c.id}/notes`, { text: 'Asked for an export' }), 201)
    const data = must(await ordo.api('GET', `/customers/${c.id}/export`), 200)
    expect(data.customer).toMatchObject({ id: c.id, email: c.email, phone: '044 123 45 67', orderCount: 1 })
    expect(data.orders.map((o: any) => o.number)).toEqual([order.number])
    expect(data.orders[0].billingAddress.street).toBe('Bahnhofstrasse 1')
    expect(data.orders[0].lines).toHaveLength(1)
    expect(data.notes.map((n: any) => n.text)).toEqual(['Asked for an export'])
    expect(data.addresses).toHaveLength(1)
  })

  it('erases the person but keeps the amounts, once', async () => {
    const c = await newCustomer({ phone: '044 999 88 77' })
    const order = await orderFor(c)
    await ordo.db.insertInto('mail_messages').values({
      shop_code: world.shop.code, order_id: order.id, event: 'order.placed', recipient: 'customer', to_addresses: [c.email],
      subject: `Thank you, ${c.name}`, text_body: `Dear ${c.name}`, html_body: `<p>Dear ${c.name}</p>`, transport: 'outbox',
    }).execute()
    const first = must(await ordo.api('POST', `/customers/${c.id}/erase`, { reason: 'Request by e-mail of 3 Dec' }), 200)
    expect(first).toMatchObject({ customerId: c.id, ordersAnonymised: 1, alreadyErased: false })
    const second = must(await ordo.api('POST', `/customers/${c.id}/erase`, { reason: 'Request by e-mail of 3 Dec' }), 200)
    expect(second).toMatchObject({ ordersAnonymised: 1, alreadyErased: true, erasedAt: first.erasedAt })

    const customer = must(await ordo.api('GET', `/customers/${c.id}`), 200)
    expect(customer).toMatchObject({ name: 'Erased customer', phone: null, erasedAt: first.erasedAt })
    expect(customer.email).not.toContain(family)
    const after = must(await ordo.api('GET', `/orders/${order.id}`), 200)
    expect(after.customer.name).toBe('Erased customer')
    expect(JSON.stringify(after)).not.toContain(family)
    expect(JSON.stringify(after)).not.toContain('Bahnhofstrasse')
    expect(after.totals.total).toBe(order.totals.total)
    expect(after.payment.captured).toBe(order.payment.captured)
    const mail = await ordo.db.selectFrom('mail_messages').selectAll().where('order_id', '=', order.id).executeTakeFirstOrThrow()
    expect(JSON.stringify(mail)).not.toContain(family)
    expect(must(await ordo.api('GET', `/orders?q=${family}`), 200).items.map((o: any) => o.id)).not.toContain(order.id)
    const audit = must(await ordo.api('GET', '/audit?limit=20'), 200).items
    expect(audit.filter((a: any) => a.action === 'customer.erase' && a.targetId === c.id)).toHaveLength(1)
  })

  it('needs a reason to erase', async () => {
    const c = await newCustomer()
    expectProblem(await ordo.api('POST', `/customers/${c.id}/erase`, {}), 400, 'validation_failed')
  })
})
