/**
 * Sorting the order list (A12): every sortable column, both directions, paged with the
 * keyset cursor, gives each order exactly once and in the right order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { createCustomer, createWorld, expectProblem, must, placeOrder, type World } from './fixtures.ts'

let ordo: Ordo
let world: World
const ids: string[] = []

beforeAll(async () => {
  ordo = await startOrdo()
  world = await createWorld(ordo.api, { stock: 100 })
  // Quantities repeat, so totals tie and the id has to break the ties.
  for (const [i, quantity] of [3, 1, 2, 1, 3, 2, 1].entries()) {
    const customer = i % 2 === 0 ? world.customer : await createCustomer(ordo.api)
    const order = await placeOrder(ordo.api, { shop: world.shop, customer }, [{ sku: world.product.sku, quantity }],
      i % 3 === 0 ? { method: 'bank_transfer' } : { method: 'card', token: 'test_ok' })
    ids.push(order.id)
  }
})
afterAll(async () => { await ordo?.close() })

/** Every page of the shop's orders in this sort, two at a time. */
async function allPages(sort?: string) {
  const items: any[] = []
  let cursor: string | null = null
  do {
    const query = new URLSearchParams({ shop: world.shop.code, limit: '2', ...(sort && { sort }), ...(cursor && { cursor }) })
    const page: any = must(await ordo.api('GET', `/orders?${query}`), 200)
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return items
}

const keyOf: Record<string, (o: any) => string | number> = {
  createdAt: (o) => o.createdAt,
  number: (o) => o.number,
  customer: (o) => o.customer.name,
  status: (o) => o.status,
  paymentStatus: (o) => o.paymentStatus,
  total: (o) => o.total,
  captured: (o) => o.captured,
}

describe('order list sorting', () => {
  it('is newest first by default, as -createdAt', async () => {
    const byDefault = await allPages()
    expect(byDefault.map((o) => o.id)).toEqual(await allPages('-createdAt').then((items) => items.map((o) => o.id)))
    expect(byDefault.map((o) => o.id)).toEqual([...ids].reverse())
  })

  for (const key of Object.keys(keyOf)) {
    for (const sort of [key, `-${key}`]) {
      it(`pages through ${sort} with every order once, in order`, async () => {
        const items = await allPages(sort)
        expect(items.map((o) => o.id).sort()).toEqual([...ids].sort())
        const values = items.map(keyOf[key])
        for (let i = 1; i < values.length; i++) {
          const [a, b] = [values[i - 1], values[i]]
          if (sort.startsWith('-')) expect(a >= b, `${sort}: ${a} before ${b}`).toBe(true)
          else expect(a <= b, `${sort}: ${a} before ${b}`).toBe(true)
        }
      })
    }
  }

  it('refuses an unknown sort and a cursor from another sort', async () => {
    expectProblem(await ordo.api('GET', '/orders?sort=colour'), 400, 'validation_failed')
    const page: any = must(await ordo.api('GET', `/orders?shop=${world.shop.code}&limit=2&sort=total`), 200)
    expect(page.nextCursor).toBeTruthy()
    expectProblem(await ordo.api('GET', `/orders?shop=${world.shop.code}&limit=2&sort=-total&cursor=${page.nextCursor}`), 400, 'validation_failed')
  })
})
