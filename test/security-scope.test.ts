/**
 * Security finding 5: idempotency keys belong to their caller; jobs are scoped to the
 * caller's shops; parallel login guesses cannot pass the limit; sending e-mail in bulk
 * needs a sending permission; a bulk job stops when whoever started it is deactivated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createWorld, expectProblem, must, orderBody, placeOrder, uid, tokenFor as tokenForApi } from './fixtures.ts'
import { workerFor } from './jobs-support.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const tokenFor = (role: string, shops?: string[]) => tokenForApi(ordo.api, role, shops)

describe('Idempotency-Key', () => {
  it('belongs to its caller: another caller with the same key places its own order, never sees the first', async () => {
    const a = await createWorld(ordo.api)
    const asA = await tokenFor('call_centre')
    const asB = await tokenFor('call_centre')
    const key = `shared-${uid()}`
    const body = orderBody(a, [{ sku: a.product.sku, quantity: 1 }], card())
    const first = must(await ordo.api('POST', '/orders', body, { ...asA, 'idempotency-key': key }), 201)
    const replay = await ordo.api('POST', '/orders', body, { ...asA, 'idempotency-key': key })
    expect(replay.body.id).toBe(first.id)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    // The same key and body from another caller is that caller's own request.
    const other = await ordo.api('POST', '/orders', body, { ...asB, 'idempotency-key': key })
    expect(other.status).toBe(201)
    expect(other.headers.get('idempotent-replayed')).toBeNull()
    expect(other.body.id).not.toBe(first.id)
  })

  it('is honoured by every write: a retried action or edit answers as the first did and changes nothing more', async () => {
    const world = await createWorld(ordo.api)
    const key = `note-${uid()}`
    const note = { text: 'Called the customer' }
    must(await ordo.api('POST', `/orders/${(await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())).id}/notes`, note), 201)
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const first = await ordo.api('POST', `/orders/${order.id}/notes`, note, { 'idempotency-key': key })
    const again = await ordo.api('POST', `/orders/${order.id}/notes`, note, { 'idempotency-key': key })
    expect(again.status).toBe(first.status)
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    const history = must(await ordo.api('GET', `/orders/${order.id}/history`), 200).items
    expect(history.filter((h: any) => h.note === note.text)).toHaveLength(1)
    expectProblem(await ordo.api('POST', `/orders/${order.id}/notes`, { text: 'something else' }, { 'idempotency-key': key }), 422, 'idempotency_key_reused')
    // A refused write keeps no answer: fixed and retried with its key, it runs.
    const bad = `bad-${uid()}`
    expectProblem(await ordo.api('PUT', `/warehouses/${world.warehouse.code}/stock/${world.product.sku}`, { onHand: -1 }, { 'idempotency-key': bad }), 400)
    must(await ordo.api('PUT', `/warehouses/${world.warehouse.code}/stock/${world.product.sku}`, { onHand: 7 }, { 'idempotency-key': bad }), 200)
  })
})

describe('jobs', () => {
  it('are listed and shown only within the caller\'s shops', async () => {
    const a = await createWorld(ordo.api)
    const b = await createWorld(ordo.api)
    await placeOrder(ordo.api, a, [{ sku: a.product.sku, quantity: 1 }], card())
    await placeOrder(ordo.api, b, [{ sku: b.product.sku, quantity: 1 }], card())
    await workerFor(ordo).drain()
    const bulkB = must(await ordo.api('POST', '/orders/bulk', { export: { state: 'INITPAID' }, filter: { shop: b.shop.code } }, await tokenFor('finance', [b.shop.code])), 202)
    const financeA = await tokenFor('finance', [a.shop.code])

    const seen = must(await ordo.api('GET', '/jobs?limit=500', undefined, financeA), 200).items
    expect(seen.length).toBeGreaterThan(0)
    const all = must(await ordo.api('GET', '/jobs?limit=500'), 200).items
    const shopOf = new Map(all.map((j: any) => [j.id, j]))
    for (const job of seen) expect(shopOf.has(job.id)).toBe(true)
    expect(seen.map((j: any) => j.id)).not.toContain(bulkB.jobId)
    const rows = await ordo.db.selectFrom('jobs').select(['id', 'shops']).execute()
    for (const job of seen) expect(rows.find((r) => r.id === job.id)!.shops).toEqual([a.shop.code])
    const foreign = rows.find((r) => r.shops.includes(b.shop.code))!
    expectProblem(await ordo.api('GET', `/jobs/${foreign.id}`, undefined, financeA), 404, 'job_not_found')
    expectProblem(await ordo.api('POST', `/jobs/${foreign.id}/cancel`, {}, await tokenFor('administrator', [a.shop.code])), 404, 'job_not_found')
    expectProblem(await ordo.api('GET', `/orders/bulk/${bulkB.jobId}`, undefined, financeA), 404, 'job_not_found')
  })

  it('stop a bulk run when whoever started it is deactivated', async () => {
    const world = await createWorld(ordo.api, { stock: 500 })
    for (let i = 0; i < 25; i++) await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
    const email = `${uid().toLowerCase()}@staff.example`
    const password = 'a proper passphrase 42'
    const { user } = must(await ordo.api('POST', '/users', { email, name: 'Bulk Bea', role: 'finance', password }), 201)
    const login = await ordo.raw('POST', '/api/v1/auth/login', { email, password })
    const headers = { authorization: null, cookie: login.headers.get('set-cookie')!.split(';')[0], 'x-csrf-token': login.body.csrfToken }
    const { jobId } = must(await ordo.api('POST', '/orders/bulk', { export: { state: 'INITPAID' }, filter: { shop: world.shop.code } }, headers), 202)
    must(await ordo.api('PATCH', `/users/${user.id}`, { active: false }), 200)
    await workerFor(ordo).drain()
    const job = must(await ordo.api('GET', `/orders/bulk/${jobId}`), 200)
    expect(job.result.stopped).toMatch(/deactivated/)
    expect(job.result.done).toBe(0)
  })

  it('send e-mail in bulk only with the sending permission', async () => {
    const world = await createWorld(ordo.api)
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    must(await ordo.api('POST', '/roles', { code: `mailreader_${uid().toLowerCase()}`, name: 'Reads mail', permissions: ['orders.read', 'orders.bulk', 'mail.read'] }), 201)
    const roles = must(await ordo.api('GET', '/roles'), 200).items
    const reader = roles.find((r: any) => r.name === 'Reads mail').code
    const asReader = await tokenFor(reader)
    expectProblem(await ordo.api('POST', '/orders/bulk', { email: { event: 'order.placed', recipient: 'customer' }, orderIds: [order.id] }, asReader), 403, 'forbidden')
    must(await ordo.api('POST', '/orders/bulk', { email: { event: 'order.placed', recipient: 'customer' }, orderIds: [order.id] }, await tokenFor('call_centre')), 202)
  })
})

describe('logging in', () => {
  it('lets at most five of thirty parallel guesses reach the password check', async () => {
    const email = `${uid().toLowerCase()}@staff.example`
    must(await ordo.api('POST', '/users', { email, name: 'Guessed Gus', role: 'read_only', password: 'the right passphrase' }), 201)
    const guesses = await Promise.all(Array.from({ length: 30 }, (_, i) => ordo.raw('POST', '/api/v1/auth/login', { email, password: `guess number ${i}` })))
    const statuses = guesses.map((g) => g.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(25)
    expectProblem(await ordo.raw('POST', '/api/v1/auth/login', { email, password: 'the right passphrase' }), 429, 'too_many_attempts')
  })
})
