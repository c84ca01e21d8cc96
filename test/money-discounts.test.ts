/** Discount codes: limits, validity, and usage limits that hold under parallel orders. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { address, createProduct, createShop, createWarehouse, expectProblem, must, setStock, uid } from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

async function world() {
  const shop = await createShop(ordo.api, { currency: 'CHF', pricesIncludeTax: true })
  const p = await createProduct(ordo.api, { prices: { CHF: 5000 }, taxRate: 8.1 })
  const wh = await createWarehouse(ordo.api)
  await setStock(ordo.api, wh.code, p.sku, 1000)
  return { shop, p }
}

const order = (shop: string, sku: string, codes: string[], email = `d${uid()}@example.test`, quantity = 1) => ordo.api('POST', '/orders', {
  shop, customer: { email, name: 'Dora' }, billingAddress: address(), lines: [{ sku, quantity }], shippingCost: 700,
  payment: { method: 'invoice' }, discountCodes: codes,
})

describe('discount codes', () => {
  it('applies amount and free-shipping codes together, and shows them on the order', async () => {
    const { shop, p } = await world()
    const a = `A${uid()}`, s = `S${uid()}`
    must(await ordo.api('POST', '/discounts', { shop: shop.code, code: a, kind: 'amount', value: 1000, minTotal: 5000 }), 201)
    must(await ordo.api('POST', '/discounts', { shop: shop.code, code: s, kind: 'free_shipping' }), 201)
    const o = must(await order(shop.code, p.sku, [a, s]), 201)
    expect(o.totals).toMatchObject({ subtotal: 5000, discount: 1700, shipping: 700, total: 4000 })
    expect(o.totals.discountCodes).toEqual([{ code: a, amount: 1000 }, { code: s, amount: 700 }])
    // 40.00 incl. 8.1 %: 2.9972 -> 3.00, nothing on shipping.
    expect(o.totals.tax).toBe(300)
    expect(must(await ordo.api('GET', `/orders/${o.id}`), 200).totals.discountCodes).toHaveLength(2)
  })

  it('refuses unknown, expired, not-yet-valid and below-minimum codes with 422 and places nothing', async () => {
    const { shop, p } = await world()
    const min = `M${uid()}`, old = `O${uid()}`, later = `L${uid()}`
    must(await ordo.api('POST', '/discounts', { shop: shop.code, code: min, kind: 'percent', value: 5, minTotal: 10_000 }), 201)
    must(await ordo.api('POST', '/discounts', { shop: shop.code, code: old, kind: 'percent', value: 5, validTo: '2020-01-01T00:00:00Z' }), 201)
    must(await ordo.api('POST', '/discounts', { shop: shop.code, code: later, kind: 'percent', value: 5, validFrom: '2999-01-01T00:00:00Z' }), 201)
    for (const c of ['NOPE', min, old, later]) expectProblem(await order(shop.code, p.sku, [c]), 422, 'discount_code_invalid')
    const other = await world()
    const foreign = `F${uid()}`
    must(await ordo.api('POST', '/discounts', { shop: other.shop.code, code: foreign, kind: 'percent', value: 5 }), 201)
    expectProblem(await order(shop.code, p.sku, [foreign]), 422, 'discount_code_invalid')
    const { body } = await ordo.api('GET', `/orders?shop=${shop.code}`)
    expect(body.items).toHaveLength(0)
  })

  it('checks its input: 400 for a bad code or value, 409 for a duplicate', async () => {
    const { shop } = await world()
    expectProblem(await ordo.api('POST', '/discounts', { shop: shop.code, code: 'bad code!', kind: 'percent', value: 5 }), 400)
    expectProblem(await ordo.api('POST', '/discounts', { shop: shop.code, code: 'P1', kind: 'percent', value: 150 }), 400, 'validation_failed')
    expectProblem(await ordo.api('POST', '/discounts', { shop: shop.code, code: 'P2', kind: 'amount', value: 12.5 }), 400, 'validation_failed')
    expectProblem(await ordo.api('POST', '/discounts', { shop: shop.code, code: 'P3', kind: 'amount', value: -1 }), 400)
    must(await ordo.api('POST', '/discounts', { shop: shop.code, code: 'Twice', kind: 'amount', value: 100 }), 201)
    expectProblem(await ordo.api('POST', '/discounts', { shop: shop.code, code: 'TWICE', kind: 'amount', value: 100 }), 409, 'already_exists')
    expectProblem(await ordo.api('POST', '/discounts', { shop: 'NOSUCH', code: 'X', kind: 'amount', value: 100 }), 404, 'shop_not_found')
  })

  it('honours the per-customer limit', async () => {
    const { shop, p } = await world()
    const c = `ONCE${uid()}`
    must(await ordo.api('POST', '/discounts', { shop: shop.code, code: c, kind: 'percent', value: 10, perCustomerLimit: 1 }), 201)
    const email = `once${uid()}@example.test`
    must(await order(shop.code, p.sku, [c], email), 201)
    expectProblem(await order(shop.code, p.sku, [c], email), 409, 'discount_code_used_up')
    must(await order(shop.code, p.sku, [c]), 201)
  })

  it('never lets parallel orders use a code more often than its limit', async () => {
    const { shop, p } = await world()
    const c = `LIM${uid()}`
    const d = must(await ordo.api('POST', '/discounts', { shop: shop.code, code: c, kind: 'percent', value: 10, usageLimit: 5 }), 201)
    const results = await Promise.all(Array.from({ length: 16 }, () => order(shop.code, p.sku, [c])))
    const ok = results.filter((r) => r.status === 201)
    const refused = results.filter((r) => r.status !== 201)
    expect(ok).toHaveLength(5)
    for (const r of refused) expectProblem(r, 409, 'discount_code_used_up')
    expect(must(await ordo.api('GET', `/discounts/${d.id}`), 200).usedCount).toBe(5)
    const { rows } = await ordo.db.selectFrom('order_discounts').select((eb) => eb.fn.countAll<number>().as('n')).where('discount_id', '=', d.id).execute().then((r) => ({ rows: r }))
    expect(Number(rows[0].n)).toBe(5)
  })

  it('keeps the discount on what remains when a line is cancelled, and credits what was paid for it', async () => {
    const { shop, p } = await world()
    const c = `HALF${uid()}`
    must(await ordo.api('POST', '/discounts', { shop: shop.code, code: c, kind: 'percent', value: 10 }), 201)
    const o = must(await order(shop.code, p.sku, [c], undefined, 2), 201)
    // 100.00 - 10.00 + 7.00; tax 90.00 incl. 8.1 %: 6.74, shipping 0.52.
    expect(o.totals).toMatchObject({ subtotal: 10_000, discount: 1000, tax: 726, total: 9700 })
    const after = must(await ordo.api('POST', `/orders/${o.id}/actions/cancel-lines`, { lines: [{ lineId: o.lines[0].id, quantity: 1 }] }), 200)
    // One unit left: 50.00 - 5.00 + 7.00; tax 45.00 incl. 8.1 %: 3.37, shipping 0.52.
    expect(after.totals).toMatchObject({ subtotal: 5000, discount: 500, tax: 389, total: 5200 })
    expect(after.lines[0]).toMatchObject({ amount: 5000, discount: 500, tax: 337 })
    const docs = must(await ordo.api('GET', `/orders/${o.id}/documents`), 200).items
    expect(docs.map((d: any) => [d.kind, d.total, d.tax])).toEqual([['invoice', 9700, 726], ['credit_note', 4500, 337]])
  })

  it('can be switched off and is listed per shop', async () => {
    const { shop, p } = await world()
    const c = `OFF${uid()}`
    const d = must(await ordo.api('POST', '/discounts', { shop: shop.code, code: c, kind: 'amount', value: 100 }), 201)
    must(await ordo.api('PATCH', `/discounts/${d.id}`, { active: false }), 200)
    expectProblem(await order(shop.code, p.sku, [c]), 422, 'discount_code_invalid')
    const list = must(await ordo.api('GET', `/discounts?shop=${shop.code}`), 200).items
    expect(list.map((x: any) => [x.code, x.active])).toEqual([[c, false]])
    expectProblem(await ordo.api('GET', '/discounts/00000000-0000-0000-0000-000000000000'), 404, 'discount_not_found')
  })
})
