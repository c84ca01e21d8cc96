/** The deliveries work queue: oldest first, filters, counts per state, shop scoping, paging, bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createWorld, deliveryAction, expectProblem, must, placeOrder, type World } from './fixtures.ts'

let ordo: Ordo
let world: World
let other: World
const orders: any[] = []
beforeAll(async () => {
  ordo = await startOrdo()
  world = await createWorld(ordo.api, { stock: 100 })
  other = await createWorld(ordo.api, { stock: 100 })
  for (let i = 0; i < 5; i++) orders.push(await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok', 'on_shipment')))
  await placeOrder(ordo.api, other, [{ sku: other.product.sku, quantity: 2 }], card())
})
afterAll(async () => { await ordo?.close() })

const queue = async (query: string, headers?: Record<string, string>) => must(await ordo.api('GET', `/deliveries${query}`, undefined, headers), 200)

describe('GET /deliveries', () => {
  it('lists allocated deliveries of a shop oldest first, with their next action and items', async () => {
    const page = await queue(`?shop=${world.shop.code}&status=allocated`)
    expect(page.items.map((d: any) => d.orderNumber)).toEqual(orders.map((o) => o.number))
    expect(page.items[0]).toMatchObject({
      status: 'allocated', kind: 'standard', warehouse: world.warehouse.code, shop: world.shop.code, allowedActions: ['pack'],
      items: [{ sku: world.product.sku, quantity: 1 }], customer: world.customer.name,
    })
    expect(page.counts).toEqual({ allocated: 5 })
  })

  it('follows the deliveries through pack, ready and ship, with counts per state', async () => {
    const [first, second] = orders
    must(await deliveryAction(ordo.api, first.id, first.deliveries[0].id, 'pack'), 200)
    must(await deliveryAction(ordo.api, second.id, second.deliveries[0].id, 'pack'), 200)
    must(await deliveryAction(ordo.api, second.id, second.deliveries[0].id, 'ready'), 200)
    const packing = await queue(`?shop=${world.shop.code}&status=packing,ready_to_ship`)
    expect(packing.items.map((d: any) => [d.orderNumber, d.status, d.allowedActions])).toEqual([
      [first.number, 'packing', ['ready']], [second.number, 'ready_to_ship', ['ship']],
    ])
    expect(packing.counts).toEqual({ allocated: 3, packing: 1, ready_to_ship: 1 })
  })

  it('finds one delivery by its number or its order number, as a scanner reads it', async () => {
    const d = orders[2].deliveries[0]
    expect((await queue(`?number=${d.number}`)).items.map((x: any) => x.id)).toEqual([d.id])
    expect((await queue(`?number=${orders[2].number}`)).items.map((x: any) => x.id)).toEqual([d.id])
  })

  it('pages with a cursor without skipping or repeating', async () => {
    const one = await queue(`?shop=${world.shop.code}&limit=2`)
    const two = await queue(`?shop=${world.shop.code}&limit=2&cursor=${one.nextCursor}`)
    const three = await queue(`?shop=${world.shop.code}&limit=2&cursor=${two.nextCursor}`)
    expect(three.nextCursor).toBeNull()
    expect([...one.items, ...two.items, ...three.items].map((d: any) => d.orderNumber)).toEqual(orders.map((o) => o.number))
  })

  it('filters by warehouse and kind', async () => {
    expect((await queue(`?warehouse=${other.warehouse.code}`)).items).toHaveLength(1)
    expect((await queue(`?shop=${world.shop.code}&kind=backorder`)).items).toHaveLength(0)
  })

  it("shows a shop-bound token only its shops' deliveries", async () => {
    const token = must(await ordo.api('POST', '/tokens', { name: 'warehouse', role: 'fulfilment', shops: [other.shop.code] }), 201).token
    const seen = await queue('', { authorization: `Bearer ${token}` })
    expect(seen.items.map((d: any) => d.shop)).toEqual([other.shop.code])
    expect((await queue(`?shop=${world.shop.code}`, { authorization: `Bearer ${token}` })).items).toEqual([])
  })

  it('refuses unknown states, kinds and cursors with 400 and a code', async () => {
    expectProblem(await ordo.api('GET', '/deliveries?status=lost'), 400, 'validation_failed')
    expectProblem(await ordo.api('GET', '/deliveries?kind=parcel'), 400, 'validation_failed')
    expectProblem(await ordo.api('GET', '/deliveries?cursor=nonsense'), 400, 'validation_failed')
    expectProblem(await ordo.api('GET', '/deliveries?limit=0'), 400, 'validation_failed')
  })
})
