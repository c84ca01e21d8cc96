/**
 * Search finds what staff type (A12): order numbers in any case and in part, phone numbers
 * in any notation, part of a SKU, a whole e-mail; a count of matches; the city on @ searches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { startOrdo, type Ordo } from './harness.ts'
import { address, createCustomer, createProduct, createWorld, must, orderBody, placeOrder, setStock, uid, type World } from './fixtures.ts'

let ordo: Ordo
let world: World
const orders: any[] = []
let sku: string

beforeAll(async () => {
  ordo = await startOrdo()
  world = await createWorld(ordo.api, { stock: 100, shop: { orderNumberPrefix: 'CH-', orderNumberStart: 100097 } })
  const product = await createProduct(ordo.api, { prices: { CHF: 1500 } })
  sku = product.sku
  await setStock(ordo.api, world.warehouse.code, sku, 100)
  const other = await createCustomer(ordo.api)
  const phones = ['+41 79 123 45 67', '044 555 66 77', undefined]
  for (const [i, phone] of phones.entries()) {
    const customer = i === 1 ? other : world.customer
    const city = ['Lugano', 'Bern', 'Basel'][i]
    const body = orderBody({ shop: world.shop, customer }, [{ sku: i === 2 ? sku : world.product.sku, quantity: 1 }], { method: 'invoice' }, {
      billingAddress: { ...address(customer.name), city, ...(phone && { phone }) },
      shippingAddress: { ...address(customer.name), city, ...(phone && { phone }) },
    })
    orders.push(must(await ordo.api('POST', '/orders', body), 201))
  }
})
afterAll(async () => { await ordo?.close() })

async function search(params: Record<string, string>) {
  return must(await ordo.api('GET', `/orders?${new URLSearchParams({ shop: world.shop.code, ...params })}`), 200)
}
const numbers = (page: any) => page.items.map((o: any) => o.number).sort()

describe('order search', () => {
  it('gives the numbers staff expect', () => {
    expect(orders.map((o) => o.number)).toEqual(['CH-100097', 'CH-100098', 'CH-100099'])
  })

  it('finds an order number in any case, without its prefix, and in part', async () => {
    expect(numbers(await search({ q: 'ch-100098' }))).toEqual(['CH-100098'])
    expect(numbers(await search({ q: 'CH-100098' }))).toEqual(['CH-100098'])
    expect(numbers(await search({ q: '100098' }))).toEqual(['CH-100098'])
    expect(numbers(await search({ q: '10009' }))).toEqual(['CH-100097', 'CH-100098', 'CH-100099'])
    expect(numbers(await search({ q: '0099' }))).toEqual(['CH-100099'])
  })

  it('finds a phone number in any notation', async () => {
    for (const q of ['+41 79 123 45 67', '079 123 45 67', '0041791234567', '791234567', '79 123 45']) {
      expect(numbers(await search({ q })), q).toEqual(['CH-100097'])
    }
    expect(numbers(await search({ q: '044/555 66 77' }))).toEqual(['CH-100098'])
  })

  it('finds a whole e-mail exactly, in any case, and part of one', async () => {
    const email = world.customer.email as string
    expect(numbers(await search({ q: email.toUpperCase() }))).toEqual(['CH-100097', 'CH-100099'])
    expect(numbers(await search({ q: email.split('@')[0] }))).toEqual(['CH-100097', 'CH-100099'])
  })

  it('finds part of a SKU in any case', async () => {
    expect(numbers(await search({ sku: sku.slice(4).toLowerCase() }))).toEqual(['CH-100099'])
    expect(numbers(await search({ sku: 'sku-' }))).toEqual(['CH-100097', 'CH-100098', 'CH-100099'])
    expect(numbers(await search({ sku: 'nothing-like-it' }))).toEqual([])
  })

  it('treats LIKE wildcards as plain text', async () => {
    expect(numbers(await search({ q: '%' }))).toEqual([])
    expect(numbers(await search({ q: '100_98' }))).toEqual([])
  })

  it('counts the matches on the first page, exactly below the cap', async () => {
    const first = await search({ limit: '2' })
    expect(first.count).toBe(3)
    expect(first.countIsExact).toBe(true)
    const next = await search({ limit: '2', cursor: first.nextCursor })
    expect(next.count).toBeNull()
    expect((await search({ q: 'zzzzzz' })).count).toBe(0)
  })

  it('says "more than" beyond the cap', async () => {
    // 1,001 copies of one order, written straight to the table: the count stops at the cap.
    const shop = await must(await ordo.api('POST', '/shops', { code: `X${uid()}`, name: 'Many', currency: 'CHF', pricesIncludeTax: true }), 201)
    const source = await ordo.db.selectFrom('orders').selectAll().where('id', '=', orders[0].id).executeTakeFirstOrThrow()
    const copies = Array.from({ length: 1001 }, (_, i) => ({
      ...source, id: crypto.randomUUID(), shop_code: shop.code, number: `M-${i}`, invoice_number: null, idempotency_key: null,
      billing_address: JSON.stringify(source.billing_address), shipping_address: JSON.stringify(source.shipping_address),
    }))
    for (let i = 0; i < copies.length; i += 250) await ordo.db.insertInto('orders').values(copies.slice(i, i + 250)).execute()
    const page = must(await ordo.api('GET', `/orders?shop=${shop.code}&limit=5`), 200)
    expect(page.count).toBe(1000)
    expect(page.countIsExact).toBe(false)
  })

  it('answers an @ search with the city of each order', async () => {
    const page = await search({ q: '@lugano' })
    expect(numbers(page)).toEqual(['CH-100097'])
    expect(page.items[0].city).toBe('Lugano')
  })
})

describe('order search by name or e-mail, through the names orders carry', () => {
  const part = (customer: any) => customer.email.split('@')[0]
  const names = (customerId: string) => ordo.db.selectFrom('order_customer_names').select(['email', 'name']).where('customer_id', '=', customerId).execute()

  it('follows an order to its new customer, and a merge, and forgets an erased customer', async () => {
    const [first, second, duplicate, survivor] = [await createCustomer(ordo.api), await createCustomer(ordo.api), await createCustomer(ordo.api), await createCustomer(ordo.api)]
    const moved = await placeOrder(ordo.api, { shop: world.shop, customer: first }, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
    expect(numbers(await search({ q: part(first) }))).toEqual([moved.number])
    // Part of the name with letters in it: a part that is all digits is looked up as a number.
    expect(numbers(await search({ q: first.name.toLowerCase().slice(4) }))).toEqual([moved.number])

    must(await ordo.api('POST', `/orders/${moved.id}/actions/reassign-customer`, { customerId: second.id, note: 'Wrong account' }, { 'idempotency-key': uid() }), 200)
    expect(numbers(await search({ q: part(first) }))).toEqual([])
    expect(numbers(await search({ q: part(second) }))).toEqual([moved.number])
    expect(await names(first.id)).toEqual([])

    // A merge moves the orders and keeps the e-mail they were placed with: still found by it.
    const kept = await placeOrder(ordo.api, { shop: world.shop, customer: duplicate }, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
    must(await ordo.api('POST', `/customers/${survivor.id}/merge`, { duplicateId: duplicate.id, note: 'Same person' }, { 'idempotency-key': uid() }), 200)
    const found = await search({ q: part(duplicate) })
    expect(numbers(found)).toEqual([kept.number])
    expect(found.items[0].customer.id).toBe(survivor.id)
    expect(await names(duplicate.id)).toEqual([])

    must(await ordo.api('POST', `/customers/${survivor.id}/erase`, { reason: 'GDPR request' }, { 'idempotency-key': uid() }), 200)
    expect(numbers(await search({ q: part(duplicate) }))).toEqual([])
    expect((await names(survivor.id)).map((n) => n.email)).not.toContain(duplicate.email)
  })

  it('holds exactly the pairs the orders carry', async () => {
    const { rows: [diff] } = await sql<{ missing: number; extra: number }>`
      select (select count(*) from (select distinct customer_id, customer_email, customer_name from orders
                                    except select customer_id, email, name from order_customer_names) m)::int as missing,
             (select count(*) from (select customer_id, email, name from order_customer_names
                                    except select customer_id, customer_email, customer_name from orders) e)::int as extra`.execute(ordo.db)
    expect(diff).toEqual({ missing: 0, extra: 0 })
  })
})
