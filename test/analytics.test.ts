/**
 * Analytics (A27) and the article report (A13): per shop and currency, days in the shop's
 * time zone, the period before for comparison, roll-ups that follow new orders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { startOrdo, type Ordo } from './harness.ts'
import { advanceDelivery, card, createCustomer, createProduct, createWorld, dateIn, expectProblem, must, orderAction, placeOrder, setStock, uid, type World } from './fixtures.ts'

let ordo: Ordo
let world: World
let skus: string[]
const today = () => dateIn(0)

beforeAll(async () => {
  ordo = await startOrdo()
  world = await createWorld(ordo.api, { stock: 100, price: 1000 })
  // Days in UTC, as the dates below are counted (a shop's default is Europe/Zurich).
  must(await ordo.api('PATCH', `/shops/${world.shop.code}/billing`, { timeZone: 'UTC' }), 200)
  const tag = uid()
  skus = []
  for (const [i, price] of [2000, 500].entries()) {
    const p = must(await ordo.api('POST', '/products', { sku: `ART-${tag}-${i}`, name: `Article ${i}`, kind: 'physical', prices: { CHF: price }, taxRate: 8.1 }), 201)
    await setStock(ordo.api, world.warehouse.code, p.sku, 100)
    skus.push(p.sku)
  }
  // Four orders today: 1000 + 2x2000 + 500 + 1000 (cancelled); one shipped.
  const a = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
  await placeOrder(ordo.api, world, [{ sku: skus[0], quantity: 2 }, { sku: skus[1], quantity: 1 }], card())
  const c = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
  must(await orderAction(ordo.api, c.id, 'cancel', { note: 'test' }), 200)
  await advanceDelivery(ordo.api, a.id, a.deliveries[0].id, 'shipped')
})
afterAll(async () => { await ordo?.close() })

const get = async (path: string, params: Record<string, string> = {}) =>
  must(await ordo.api('GET', `${path}?${new URLSearchParams({ shop: world.shop.code, ...params })}`), 200)

describe('analytics', () => {
  it('sums the period, without cancelled orders in the revenue', async () => {
    const s = await get('/analytics/summary')
    expect(s.currency).toBe('CHF')
    expect(s.period.to).toBe(today())
    expect(s.current).toMatchObject({ orders: 3, revenue: 5500, averageOrderValue: 2750, cancelled: 1, cancellationRate: 0.3333, returned: 0 })
    expect(s.current.hoursToShipment).toEqual({ median: 0, p90: 0, shipped: 1 })
    expect(s.previous.orders).toBe(0)
  })

  it('follows new orders, and compares with the period before', async () => {
    const old = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 3 }], card())
    await ordo.db.updateTable('orders').set({ created_at: sql`now() - interval '40 days'`, updated_at: new Date() }).where('id', '=', old.id).execute()
    const s = await get('/analytics/summary')
    expect(s.current.orders).toBe(3)
    expect(s.previous).toMatchObject({ orders: 1, revenue: 3000 })
    const series = await get('/analytics/orders-over-time', { interval: 'day' })
    expect(series.points).toHaveLength(30)
    expect(series.points.at(-1)).toEqual({ period: today(), orders: 3, revenue: 5500 })
    expect(series.previousPoints.reduce((n: number, p: any) => n + p.orders, 0)).toBe(1)
    const months = await get('/analytics/orders-over-time', { interval: 'month', from: dateIn(-60) })
    expect(months.points.reduce((n: number, p: any) => n + p.revenue, 0)).toBe(8500)
  })

  it('ranks articles, customers and regions', async () => {
    const products = await get('/analytics/products')
    expect(products.items[0]).toMatchObject({ sku: skus[0], quantity: 2, revenue: 4000, orders: 1 })
    expect(products.items.map((p: any) => p.sku)).toEqual([skus[0], world.product.sku, skus[1]])
    const customers = await get('/analytics/customers')
    expect(customers.items).toEqual([{ customerId: world.customer.id, name: world.customer.name, email: world.customer.email, orders: 2, revenue: 5500 }])
    const regions = await get('/analytics/regions')
    expect(regions.items).toEqual([{ country: 'CH', region: null, orders: 2, revenue: 5500 }])
  })

  it('never adds another currency in', async () => {
    const euro = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    await ordo.db.updateTable('orders').set({ currency: 'EUR', updated_at: new Date() }).where('id', '=', euro.id).execute()
    expect((await get('/analytics/summary')).current.revenue).toBe(5500)
    expect((await get('/analytics/summary', { currency: 'EUR' })).current).toMatchObject({ orders: 1, revenue: 1000 })
  })

  it("counts days in the time zone of the shop's settings", async () => {
    const shop = world.shop.code
    must(await ordo.api('PATCH', `/shops/${shop}/billing`, { timeZone: 'Pacific/Auckland' }), 200)
    const late = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    // 20:00 UTC on 10 January is the morning of 11 January in Auckland.
    await ordo.db.updateTable('orders').set({ created_at: new Date('2026-01-10T20:00:00Z'), updated_at: new Date() }).where('id', '=', late.id).execute()
    const series = await get('/analytics/orders-over-time', { from: '2026-01-10', to: '2026-01-11' })
    expect(series.timeZone).toBe('Pacific/Auckland')
    expect(series.points).toEqual([{ period: '2026-01-10', orders: 0, revenue: 0 }, { period: '2026-01-11', orders: 1, revenue: 1000 }])
    // Back in UTC, the roll-ups are rebuilt for it: the order is on the 10th again.
    must(await ordo.api('PATCH', `/shops/${shop}/billing`, { timeZone: 'UTC' }), 200)
    const utc = await get('/analytics/orders-over-time', { from: '2026-01-10', to: '2026-01-11' })
    expect(utc.points).toEqual([{ period: '2026-01-10', orders: 1, revenue: 1000 }, { period: '2026-01-11', orders: 0, revenue: 0 }])
    // A shop that never chose one counts in Europe/Zurich, as its documents do.
    const fresh = await createWorld(ordo.api)
    expect(must(await ordo.api('GET', `/analytics/summary?shop=${fresh.shop.code}`), 200).timeZone).toBe('Europe/Zurich')
  })

  it('refuses a shop the caller cannot see and a bad period', async () => {
    expectProblem(await ordo.api('GET', '/analytics/summary?shop=NOPE'), 404, 'shop_not_found')
    expectProblem(await ordo.api('GET', `/analytics/summary?shop=${world.shop.code}&from=2026-02-01&to=2026-01-01`), 400, 'validation_failed')
    expectProblem(await ordo.api('GET', `/analytics/summary?shop=${world.shop.code}&from=yesterday`), 400, 'validation_failed')
  })
})

describe('analytics by customer', () => {
  // The answer as it was before the customer months: straight from the period's orders.
  async function straight(from: string, to: string) {
    const { rows } = await sql<any>`
      select customer_id, max(customer_name) as name, max(customer_email) as email, count(*)::int as orders, sum(total - refunded)::bigint as revenue
      from orders where shop_code = ${world.shop.code} and currency = 'CHF' and status <> 'cancelled'
        and created_at >= ${from}::date::timestamp at time zone 'UTC' and created_at < (${to}::date + 1)::timestamp at time zone 'UTC'
      group by customer_id order by revenue desc, customer_id limit 10`.execute(ordo.db)
    return rows.map((r: any) => ({ customerId: r.customer_id, name: r.name, email: r.email, orders: r.orders, revenue: Number(r.revenue) }))
  }
  const firstOfMonth = (monthsBack: number) => { const d = new Date(); d.setUTCDate(1); d.setUTCMonth(d.getUTCMonth() - monthsBack); return d.toISOString().slice(0, 10) }
  const lastOfMonth = (monthsBack: number) => new Date(Date.parse(`${firstOfMonth(monthsBack - 1)}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
  const periods = () => [
    [dateIn(-29), today()], [dateIn(-120), today()], [firstOfMonth(3), lastOfMonth(1)], [firstOfMonth(2), lastOfMonth(2)],
    [dateIn(-75), dateIn(-35)], [firstOfMonth(4), dateIn(-40)],
  ]
  async function expectSameAsStraight() {
    for (const [from, to] of periods()) {
      const answer = await get('/analytics/customers', { from, to })
      expect(answer.items, `${from} to ${to}`).toEqual(await straight(from, to))
    }
  }
  const placeFor = async (customer: any, quantity: number, daysAgo: number) => {
    const o = await placeOrder(ordo.api, { shop: world.shop, customer }, [{ sku: world.product.sku, quantity }], card())
    await ordo.db.updateTable('orders').set({ created_at: sql`now() - make_interval(days => ${daysAgo})`, updated_at: new Date() }).where('id', '=', o.id).execute()
    return o
  }

  it('ranks from whole months and the days around them as it would from the orders, as orders change customer', async () => {
    const [anna, ben, carla] = [await createCustomer(ordo.api), await createCustomer(ordo.api), await createCustomer(ordo.api)]
    const moved = await placeFor(anna, 3, 45)
    await placeFor(anna, 1, 70)
    await placeFor(ben, 2, 100)
    await placeFor(ben, 1, 38)
    await placeFor(carla, 4, 65)
    await expectSameAsStraight()
    expect((await get('/analytics/customers', { from: dateIn(-120) })).items.map((i: any) => i.customerId)).toEqual(expect.arrayContaining([anna.id, ben.id, carla.id]))

    // A month already rolled up changes: an order moves to another customer, one is cancelled, two customers merge.
    // Before each change the orders are settled (last changed an hour ago), so a refresh re-reads only that change.
    const settle = async () => {
      await sql`update orders set updated_at = now() - interval '1 hour' where shop_code = ${world.shop.code}`.execute(ordo.db)
      await get('/analytics/customers')
    }
    await settle()
    must(await ordo.api('POST', `/orders/${moved.id}/actions/reassign-customer`, { customerId: ben.id, note: 'Wrong account' }, { 'idempotency-key': uid() }), 200)
    await expectSameAsStraight()
    const cancelled = await placeFor(carla, 1, 66)
    await expectSameAsStraight()
    await settle()
    must(await orderAction(ordo.api, cancelled.id, 'cancel', { note: 'test' }), 200)
    await expectSameAsStraight()
    await settle()
    must(await ordo.api('POST', `/customers/${ben.id}/merge`, { duplicateId: anna.id, note: 'Same person' }, { 'idempotency-key': uid() }), 200)
    await expectSameAsStraight()
    expect((await get('/analytics/customers', { from: dateIn(-120) })).items.map((i: any) => i.customerId)).not.toContain(anna.id)
  })
})

describe('article report', () => {
  it('lists every order holding a matching article, with totals per article and overall', async () => {
    const part = skus[0].slice(0, -2).toLowerCase() // matches both articles
    const r = must(await ordo.api('GET', `/reports/articles?sku=${part}&from=${dateIn(-1)}&to=${today()}&shop=${world.shop.code}`), 200)
    expect(r.items.map((i: any) => [i.sku, i.quantity, i.revenue])).toEqual([[skus[0], 2, 4000], [skus[1], 1, 500]])
    expect(r.articles.map((a: any) => [a.sku, a.orders, a.quantity, a.revenue])).toEqual([[skus[0], 1, 2, 4000], [skus[1], 1, 1, 500]])
    expect(r.totals).toEqual([{ currency: 'CHF', orders: 1, quantity: 3, revenue: 4500 }])
    expect(r.truncated).toBe(false)
  })

  it('downloads as CSV', async () => {
    const res = await fetch(`${ordo.url}/api/v1/reports/articles?sku=${skus[1]}&format=csv`, { headers: { authorization: `Bearer ${ordo.adminToken}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    const lines = (await res.text()).trim().split('\n')
    expect(lines[0]).toBe('order_number,shop,placed_at,status,customer,sku,article,currency,quantity,revenue_minor_units')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(`${skus[1]},Article 1,CHF,1,500`)
  })

  it('answers as the lines and orders do, with cancelled quantities, several orders and days', async () => {
    const both = await placeOrder(ordo.api, world, [{ sku: skus[0], quantity: 3 }, { sku: skus[1], quantity: 2 }], card())
    const older = await placeOrder(ordo.api, world, [{ sku: skus[1], quantity: 1 }, { sku: world.product.sku, quantity: 1 }], card())
    const line = both.lines.find((l: any) => l.sku === skus[0])
    must(await orderAction(ordo.api, both.id, 'cancel-lines', { lines: [{ lineId: line.id, quantity: 1 }], note: 'test' }), 200)
    await ordo.db.updateTable('orders').set({ created_at: sql`now() - interval '1 day'` }).where('id', '=', older.id).execute()
    const from = dateIn(-3), to = today()
    const { rows } = await sql<any>`
      select o.id, o.currency, l.sku, sum(l.quantity - l.cancelled_quantity)::int as quantity, sum(l.amount * (l.quantity - l.cancelled_quantity) / l.quantity)::int as revenue
      from order_lines l join orders o on o.id = l.order_id
      where l.sku = any(${skus}) and o.status <> 'cancelled' and l.quantity > l.cancelled_quantity
        and o.created_at >= ${from}::date::timestamp at time zone 'UTC' and o.created_at < (${to}::date + 1)::timestamp at time zone 'UTC'
      group by o.id, l.sku order by max(o.created_at) desc, o.id, l.sku`.execute(ordo.db)
    expect(rows.length).toBeGreaterThanOrEqual(4)
    const r = must(await ordo.api('GET', `/reports/articles?sku=${skus[0].slice(0, -2).toLowerCase()}&from=${from}&to=${to}`), 200)
    expect(r.items.map((i: any) => [i.orderId, i.sku, i.quantity, i.revenue])).toEqual(rows.map((x: any) => [x.id, x.sku, x.quantity, x.revenue]))
    for (const sku of skus) {
      const mine = rows.filter((x: any) => x.sku === sku)
      expect(r.articles.find((a: any) => a.sku === sku)).toMatchObject({
        orders: mine.length, quantity: mine.reduce((n: number, x: any) => n + x.quantity, 0), revenue: mine.reduce((n: number, x: any) => n + x.revenue, 0) })
    }
    expect(r.totals).toEqual([{ currency: 'CHF', orders: new Set(rows.map((x: any) => x.id)).size,
      quantity: rows.reduce((n: number, x: any) => n + x.quantity, 0), revenue: rows.reduce((n: number, x: any) => n + x.revenue, 0) }])
    const csv = await (await fetch(`${ordo.url}/api/v1/reports/articles?sku=${skus[0].slice(0, -2).toLowerCase()}&from=${from}&to=${to}&format=csv`, { headers: { authorization: `Bearer ${ordo.adminToken}` } })).text()
    expect(csv.trim().split('\n')).toHaveLength(rows.length + 1)
  })

  it("counts the days of each shop's time zone", async () => {
    // The same article sold by a shop in UTC and by one in Auckland, at 20:00 UTC on 10 January:
    // the 10th in UTC, the morning of the 11th in Auckland.
    const auckland = await createWorld(ordo.api, { stock: 10, price: 700 })
    must(await ordo.api('PATCH', `/shops/${auckland.shop.code}/billing`, { timeZone: 'Pacific/Auckland' }), 200)
    const sku = `TZ-${uid()}`
    must(await ordo.api('POST', '/products', { sku, name: 'Zoned', kind: 'physical', prices: { CHF: 700 }, taxRate: 8.1 }), 201)
    await setStock(ordo.api, world.warehouse.code, sku, 10)
    await setStock(ordo.api, auckland.warehouse.code, sku, 10)
    const here = await placeOrder(ordo.api, world, [{ sku, quantity: 1 }], card())
    const there = await placeOrder(ordo.api, auckland, [{ sku, quantity: 2 }], card())
    await ordo.db.updateTable('orders').set({ created_at: new Date('2026-01-10T20:00:00Z') }).where('id', 'in', [here.id, there.id]).execute()
    const on = async (day: string) => must(await ordo.api('GET', `/reports/articles?sku=${sku}&from=${day}&to=${day}`), 200).items.map((i: any) => i.orderId)
    expect(await on('2026-01-10')).toEqual([here.id])
    expect(await on('2026-01-11')).toEqual([there.id])
    const both = must(await ordo.api('GET', `/reports/articles?sku=${sku}&from=2026-01-10&to=2026-01-11`), 200)
    expect(both.totals).toEqual([{ currency: 'CHF', orders: 2, quantity: 3, revenue: 2100 }])
    // An instant is the same instant for every shop; a day the calendar lacks is refused.
    const instant = must(await ordo.api('GET', `/reports/articles?sku=${sku}&from=2026-01-10T19:00:00Z&to=2026-01-10T21:00:00Z`), 200)
    expect(instant.items.map((i: any) => i.orderId).sort()).toEqual([here.id, there.id].sort())
    expectProblem(await ordo.api('GET', `/reports/articles?sku=${sku}&from=2026-02-31`), 400, 'validation_failed')
    expectProblem(await ordo.api('GET', `/reports/articles?sku=${sku}&to=0000-01-01T00:00:00Z`), 400, 'validation_failed')
    expectProblem(await ordo.api('GET', `/reports/articles?sku=${sku}&from=yesterday`), 400, 'validation_failed')
  })

  it('needs part of an article number', async () => {
    expectProblem(await ordo.api('GET', '/reports/articles?sku=%20'), 400, 'validation_failed')
    expect(must(await ordo.api('GET', '/reports/articles?sku=zzzz-nothing'), 200).totals).toEqual([])
  })
})
