/** Consultation requests (A19): taken in, assigned, noted, worked through, converted into an order. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { snapshotCounts, startOrdo, type ApiHeaders, type Ordo } from './harness.ts'
import { address, createProduct, createWorld, expectProblem, must, setStock, uid } from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const as = (token: string): ApiHeaders => ({ authorization: `Bearer ${token}` })

async function ask(shop: string, products: string[] = [], headers: ApiHeaders = {}) {
  const email = `ask${uid().toLowerCase()}@example.test`
  return must(await ordo.api('POST', '/consultations', {
    shop, contact: { name: 'Otto Asker', email, phone: '+41 44 000 00 00' }, message: 'Which saw fits my workshop?', products, preferredTime: 'weekday mornings',
  }, headers), 201)
}

describe('consultation requests', () => {
  it('walks from request to an order: assign, notes, convert to a draft with the products, place', async () => {
    const world = await createWorld(ordo.api, { stock: 5, price: 12_000 })
    const second = await createProduct(ordo.api, { prices: { CHF: 3000 } })
    await setStock(ordo.api, world.warehouse.code, second.sku, 5)
    const storefront = must(await ordo.api('POST', '/tokens', { name: 'storefront', role: 'call_centre' }), 201).token
    const c = await ask(world.shop.code, [world.product.sku, second.sku], as(storefront))
    expect(c).toMatchObject({ status: 'pending_confirmation', assignee: null, draftId: null, preferredTime: 'weekday mornings' })
    expect(c.products.map((p: any) => p.sku)).toEqual([world.product.sku, second.sku])

    must(await ordo.api('POST', `/consultations/${c.id}/actions/confirm`, { note: 'called back, appointment Tuesday' }), 200)
    const mine = must(await ordo.api('POST', `/consultations/${c.id}/actions/assign`, {}), 200)
    expect(mine.assignee).not.toBeNull()
    must(await ordo.api('POST', `/consultations/${c.id}/actions/note`, { note: 'wants the bigger model' }), 200)
    expectProblem(await ordo.api('POST', `/consultations/${c.id}/actions/note`, {}), 400, 'validation_failed')
    expectProblem(await ordo.api('POST', `/consultations/${c.id}/actions/complete`, {}), 409, 'transition_not_allowed')

    const draft = must(await ordo.api('POST', `/consultations/${c.id}/actions/convert`), 201)
    expect(draft).toMatchObject({ status: 'open', source: 'consultation', consultationId: c.id, customer: { email: c.contact.email, name: 'Otto Asker' } })
    expect(draft.lines.map((l: any) => [l.sku, l.quantity])).toEqual([[world.product.sku, 1], [second.sku, 1]])
    expect(draft.totals.total).toBe(15_000)
    // Converting again gives the same draft while it is open.
    expect(must(await ordo.api('POST', `/consultations/${c.id}/actions/convert`), 201).id).toBe(draft.id)

    must(await ordo.api('PATCH', `/drafts/${draft.id}`, { lines: [{ sku: world.product.sku, quantity: 1 }], billingAddress: address('Otto Asker') }), 200)
    const order = must(await ordo.api('POST', `/drafts/${draft.id}/actions/place`, { payment: { method: 'invoice' } }), 201)
    expect(order.totals.total).toBe(12_000)
    const done = must(await ordo.api('POST', `/consultations/${c.id}/actions/complete`, {}), 200)
    expect(done).toMatchObject({ status: 'done', draftId: draft.id, allowedActions: ['note'] })

    const history = must(await ordo.api('GET', `/consultations/${c.id}/history`), 200).items
    expect(history.map((h: any) => h.action)).toEqual(['request', 'confirm', 'assign', 'note', 'convert', 'complete'])
    expect(history.find((h: any) => h.action === 'note').note).toBe('wants the bigger model')
  })

  it('the waiting view shows unassigned open requests, the longest waiting first', async () => {
    const world = await createWorld(ordo.api)
    const old = await ask(world.shop.code)
    const newer = await ask(world.shop.code)
    const taken = await ask(world.shop.code)
    const closed = await ask(world.shop.code)
    await sql`update consultations set created_at = now() - interval '3 hours' where id = ${old.id}`.execute(ordo.db)
    must(await ordo.api('POST', `/consultations/${taken.id}/actions/assign`, {}), 200)
    must(await ordo.api('POST', `/consultations/${closed.id}/actions/cancel`, { note: 'spam' }), 200)
    const waiting = must(await ordo.api('GET', `/consultations?view=waiting&shop=${world.shop.code}`), 200).items
    expect(waiting.map((x: any) => x.id)).toEqual([old.id, newer.id])
    expect(waiting[0].waitingMinutes).toBeGreaterThanOrEqual(179)
    const all = must(await ordo.api('GET', `/consultations?shop=${world.shop.code}`), 200).items
    expect(all.length).toBe(4)
    expect(must(await ordo.api('GET', `/consultations?shop=${world.shop.code}&status=cancelled`), 200).items.map((x: any) => x.id)).toEqual([closed.id])
    expect(must(await ordo.api('GET', `/consultations?shop=${world.shop.code}&assignee=me`), 200).items.map((x: any) => x.id)).toEqual([taken.id])
  })

  it('refuses bad input without change, and is scoped to the caller\'s shops', async () => {
    const world = await createWorld(ordo.api)
    const before = await snapshotCounts(ordo.db)
    expectProblem(await ordo.api('POST', '/consultations', { shop: world.shop.code, contact: { name: 'X', email: 'not-an-email' }, message: 'hi' }), 400, 'validation_failed')
    expectProblem(await ordo.api('POST', '/consultations', { shop: world.shop.code, contact: { name: 'X', email: 'x@example.test' }, message: 'hi', products: ['NOPE-9'] }), 422, 'unknown_sku')
    expectProblem(await ordo.api('POST', '/consultations', { shop: 'NOSHOP', contact: { name: 'X', email: 'x@example.test' }, message: 'hi' }), 404, 'shop_not_found')
    expect(await snapshotCounts(ordo.db)).toEqual(before)
    const c = await ask(world.shop.code)
    expectProblem(await ordo.api('POST', `/consultations/${c.id}/actions/explode`, {}), 404)
    const other = await createWorld(ordo.api)
    const scoped = must(await ordo.api('POST', '/tokens', { name: 'other', role: 'administrator', shops: [other.shop.code] }), 201).token
    expectProblem(await ordo.api('GET', `/consultations/${c.id}`, undefined, as(scoped)), 404, 'consultation_not_found')
    expectProblem(await ordo.api('POST', `/consultations/${c.id}/actions/convert`, undefined, as(scoped)), 404, 'consultation_not_found')
    const fulfilment = must(await ordo.api('POST', '/tokens', { name: 'f', role: 'fulfilment' }), 201).token
    expectProblem(await ordo.api('GET', '/consultations', undefined, as(fulfilment)), 403, 'forbidden')
  })
})
