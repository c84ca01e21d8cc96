/**
 * Licence keys (A21) as a user checks them: generated per unit (or taken from an imported
 * pool) when the electronic delivery is delivered, found on the order and in the
 * Licences area, activated up to a limit (also in parallel), renewed and revoked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createCustomer, createShop, expectProblem, getHistory, must, orderAction, placeOrder, uid } from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

async function licenceWorld(settings: Record<string, unknown> = {}) {
  const shop = await createShop(ordo.api)
  const customer = await createCustomer(ordo.api)
  const sku = `APP-${uid()}`
  must(await ordo.api('POST', '/products', { sku, name: `Ordo Desktop ${sku}`, kind: 'licence', prices: { CHF: 9900 }, taxRate: 8.1 }), 201)
  if (Object.keys(settings).length) must(await ordo.api('PUT', `/products/${sku}/issue-settings`, settings), 200)
  return { shop, customer, sku }
}

const licencesOf = async (orderId: string) => must(await ordo.api('GET', `/licences?orderId=${orderId}`), 200).items as any[]

describe('generation', () => {
  it('generates one key per unit in the product format when the electronic delivery is delivered', async () => {
    const world = await licenceWorld({ licenceKeyFormat: 'ORDO-XXXX-XXXX-XXXX-####', licenceActivationLimit: 2, licenceValidityDays: 365 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.sku, quantity: 3 }], card())
    expect(order.status).toBe('completed')
    expect(order.deliveries[0]).toMatchObject({ kind: 'electronic', status: 'delivered' })
    const licences = await licencesOf(order.id)
    expect(licences).toHaveLength(3)
    for (const l of licences) {
      expect(l.key).toMatch(/^ORDO-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[2-9]{4}$/)
      expect(l).toMatchObject({ status: 'active', source: 'generated', activationLimit: 2, activeActivations: 0, orderNumber: order.number, sku: world.sku })
      expect(new Date(l.expiresAt).getTime()).toBeGreaterThan(Date.now() + 364 * 86_400_000)
    }
    expect(new Set(licences.map((l) => l.key)).size).toBe(3)
    expect((await getHistory(ordo.api, order.id)).some((h) => h.action === 'issue-licences')).toBe(true)
  })

  it('issues nothing before the delivery goes out, then the keys on payment', async () => {
    const world = await licenceWorld()
    const order = await placeOrder(ordo.api, world, [{ sku: world.sku, quantity: 1 }], { method: 'bank_transfer' })
    expect(await licencesOf(order.id)).toHaveLength(0)
    must(await orderAction(ordo.api, order.id, 'confirm-payment'), 200)
    expect(await licencesOf(order.id)).toHaveLength(1)
  })

  it('hands out imported pool keys first, then generates', async () => {
    const world = await licenceWorld()
    const pool = [`POOL-${uid()}-AAAA`, `POOL-${uid()}-BBBB`]
    expect(must(await ordo.api('POST', `/products/${world.sku}/licence-pool`, { keys: [...pool, pool[0]] }), 201)).toMatchObject({ imported: 2, available: 2 })
    expect(must(await ordo.api('POST', `/products/${world.sku}/licence-pool`, { keys: [pool[1]] }), 201)).toMatchObject({ imported: 0, duplicates: 1 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.sku, quantity: 3 }], card())
    const licences = await licencesOf(order.id)
    expect(licences.filter((l) => l.source === 'pool').map((l) => l.key).sort()).toEqual(pool.sort())
    expect(licences.filter((l) => l.source === 'generated')).toHaveLength(1)
    const other = await licenceWorld()
    const physical = `P-${uid()}`
    must(await ordo.api('POST', '/products', { sku: physical, name: 'Box', kind: 'physical', prices: { CHF: 100 }, taxRate: 8.1 }), 201)
    expectProblem(await ordo.api('POST', `/products/${physical}/licence-pool`, { keys: ['ABCDEFGHJK'] }), 400, 'validation_failed')
    expectProblem(await ordo.api('PUT', `/products/${other.sku}/issue-settings`, { licenceKeyFormat: 'KEY-XXXX-XXXX' }), 400, 'validation_failed')
  })
})

describe('activations', () => {
  it('activates up to the limit, refuses the next, and frees a place on deactivation', async () => {
    const world = await licenceWorld({ licenceActivationLimit: 2 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.sku, quantity: 1 }], card())
    const [l] = await licencesOf(order.id)
    must(await ordo.api('POST', `/licences/${l.key}/activations`, { machine: 'laptop' }), 201)
    // The same machine again changes nothing.
    expect(must(await ordo.api('POST', `/licences/${l.key}/activations`, { machine: 'laptop' }), 201).activeActivations).toBe(1)
    const second = must(await ordo.api('POST', `/licences/${l.key}/activations`, { machine: 'desktop' }), 201)
    expect(second.activeActivations).toBe(2)
    const third = await ordo.api('POST', `/licences/${l.key}/activations`, { machine: 'tablet' })
    expectProblem(third, 409, 'activation_limit_reached')
    expect(third.body.machines.sort()).toEqual(['desktop', 'laptop'])
    const laptop = second.activations.find((a: any) => a.machine === 'laptop')
    expect(must(await ordo.api('DELETE', `/licences/${l.key}/activations/${laptop.id}`), 200).activeActivations).toBe(1)
    must(await ordo.api('POST', `/licences/${l.key}/activations`, { machine: 'tablet' }), 201)
    expectProblem(await ordo.api('DELETE', `/licences/${l.key}/activations/not-an-id`), 404)
  })

  it('holds the limit under parallel activations', async () => {
    const world = await licenceWorld({ licenceActivationLimit: 3 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.sku, quantity: 1 }], card())
    const [l] = await licencesOf(order.id)
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      ordo.api('POST', `/licences/${l.key}/activations`, { machine: `m${i}` })))
    expect(results.filter((r) => r.status === 201)).toHaveLength(3)
    for (const r of results.filter((x) => x.status !== 201)) expectProblem(r, 409, 'activation_limit_reached')
    expect(must(await ordo.api('GET', `/licences/${l.key}`), 200).activeActivations).toBe(3)
  })
})

describe('renewal and revocation', () => {
  it('renews with a new expiry and an event for the e-mail; revoked keys cannot be activated', async () => {
    const world = await licenceWorld({ licenceValidityDays: 30 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.sku, quantity: 1 }], card())
    const [l] = await licencesOf(order.id)
    const renewed = must(await ordo.api('POST', `/licences/${l.key}/renew`, { expiresAt: '2031-01-31T00:00:00.000Z', note: 'Yearly plan' }), 200)
    expect(renewed.expiresAt).toBe('2031-01-31T00:00:00.000Z')
    const events = await ordo.db.selectFrom('events').select(['type', 'payload']).where('order_id', '=', order.id).where('type', 'like', 'licence.%').execute()
    expect(events.map((e) => e.type)).toEqual(['licence.issued', 'licence.renewed'])
    expectProblem(await ordo.api('POST', `/licences/${l.key}/renew`, { expiresAt: '2001-01-01T00:00:00.000Z' }), 400, 'validation_failed')

    const revoked = must(await ordo.api('POST', `/licences/${l.key}/revoke`, { reason: 'Chargeback' }), 200)
    expect(revoked.status).toBe('revoked')
    expectProblem(await ordo.api('POST', `/licences/${l.key}/activations`, { machine: 'x' }), 409, 'licence_revoked')
    const history = must(await ordo.api('GET', `/licences/${l.key}/history`), 200).items.map((h: any) => h.type)
    expect(history).toEqual(['issued', 'renewed', 'revoked'])
  })

  it('revokes the keys of a refunded order', async () => {
    const world = await licenceWorld()
    const order = await placeOrder(ordo.api, world, [{ sku: world.sku, quantity: 2 }], card())
    must(await orderAction(ordo.api, order.id, 'return', { note: 'Refund requested' }), 200)
    const licences = await licencesOf(order.id)
    expect(licences.map((l) => l.status)).toEqual(['revoked', 'revoked'])
  })

  it('finds keys by part of the key or the e-mail, only in the caller\'s shops', async () => {
    const world = await licenceWorld()
    const order = await placeOrder(ordo.api, world, [{ sku: world.sku, quantity: 1 }], card())
    const [l] = await licencesOf(order.id)
    expect(must(await ordo.api('GET', `/licences?q=${l.key.slice(6, 17)}`), 200).items.map((x: any) => x.key)).toContain(l.key)
    expect(must(await ordo.api('GET', `/licences?q=${encodeURIComponent(world.customer.email)}`), 200).items.map((x: any) => x.key)).toContain(l.key)
    expectProblem(await ordo.api('GET', '/licences/NOPE-NOPE'), 404, 'licence_not_found')
  })
})
