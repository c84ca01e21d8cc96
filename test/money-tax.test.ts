/** Tax per destination and class, discounts spread over two rates, rounding per line: against hand-computed invoices. */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { createProduct, createShop, createWarehouse, expectProblem, must, setStock, uid } from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const berlin = { name: 'Bert Berliner', street: 'Unter den Linden 1', postalCode: '10117', city: 'Berlin', country: 'DE' }
const zurich = { name: 'Anna Muster', street: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich', country: 'CH' }
const tokyo = { name: 'Taro Yamada', street: '1-1 Marunouchi', postalCode: '100-0005', city: 'Tokyo', country: 'JP' }

async function stocked(currency: string, price: number, taxClass: string, taxRate = 8.1) {
  const p = await createProduct(ordo.api, { prices: { [currency]: price }, taxRate })
  must(await ordo.api('PATCH', `/products/${p.sku}`, { taxClass }), 200)
  const wh = await createWarehouse(ordo.api)
  await setStock(ordo.api, wh.code, p.sku, 100)
  return p
}

async function pdfTextOf(orderId: string, kind = 'invoice'): Promise<string> {
  const docs = must(await ordo.api('GET', `/orders/${orderId}/documents`), 200).items
  const doc = docs.find((d: any) => d.kind === kind)
  expect(doc, `no ${kind} among ${JSON.stringify(docs)}`).toBeTruthy()
  const res = await fetch(`${ordo.url}${doc.url}`, { headers: { authorization: `Bearer ${ordo.adminToken}` } })
  mkdirSync('test-results', { recursive: true })
  const file = `test-results/${kind}-${doc.number}.pdf`
  writeFileSync(file, Buffer.from(await res.arrayBuffer()))
  return execFileSync('pdftotext', ['-layout', file, '-']).toString()
}

describe('tax per destination, rounding per line', () => {
  it('EUR gross, Berlin: German rates, 10 % off spread over 19 % and 7 %', async () => {
    const shop = await createShop(ordo.api, { currency: 'EUR', pricesIncludeTax: true })
    must(await ordo.api('PUT', `/tax-rates/${shop.code}`, { rates: [
      { country: 'DE', taxClass: 'standard', rate: 19 }, { country: 'DE', taxClass: 'reduced', rate: 7 },
      { country: '*', taxClass: 'standard', rate: 8.1 }, { country: '*', taxClass: 'reduced', rate: 2.6 },
    ] }), 200)
    must(await ordo.api('PATCH', `/shops/${shop.code}/billing`, { locale: 'de-DE', timeZone: 'Europe/Berlin' }), 200)
    const shirt = await stocked('EUR', 2790, 'standard')
    const book = await stocked('EUR', 1250, 'reduced')
    const code = `TEN${uid()}`
    must(await ordo.api('POST', '/discounts', { shop: shop.code, code, kind: 'percent', value: 10 }), 201)
    const order = must(await ordo.api('POST', '/orders', {
      shop: shop.code, customer: { email: `b${uid()}@example.test`, name: 'Bert' }, billingAddress: berlin,
      lines: [{ sku: shirt.sku, quantity: 2 }, { sku: book.sku, quantity: 1 }], shippingCost: 490,
      payment: { method: 'invoice' }, discountCodes: [code.toLowerCase()],
    }), 201)
    // Goods 68.30, 10 % = 6.83 spread 5.58 / 1.25 (in proportion, the odd cent to the first line).
    // 50.22 at 19 %: 8.018 -> 8.02; 11.25 at 7 %: 0.7360 -> 0.74; shipping 4.90 at 19 %: 0.7824 -> 0.78.
    expect(order.lines.map((l: any) => [l.taxRate, l.amount, l.discount, l.tax])).toEqual([[19, 5580, 558, 802], [7, 1250, 125, 74]])
    expect(order.totals).toMatchObject({ subtotal: 6830, discount: 683, shipping: 490, tax: 954, total: 6637 })
    expect(order.totals.taxes).toEqual([{ rate: 19, base: 4632, tax: 880 }, { rate: 7, base: 1051, tax: 74 }])
    expect(order.totals.discountCodes).toEqual([{ code, amount: 683 }])

    const text = await pdfTextOf(order.id)
    expect(text).toContain(`Rabatt ${code}`)
    expect(text).toMatch(/19%\s+46,32 €\s+8,80 €/)
    expect(text).toMatch(/7%\s+10,51 €\s+0,74 €/)
    expect(text).toMatch(/Total\s+66,37 €/)
  })

  it('the same shop charges Swiss customers the rate for every other country', async () => {
    const shop = await createShop(ordo.api, { currency: 'EUR', pricesIncludeTax: true })
    must(await ordo.api('PUT', `/tax-rates/${shop.code}`, { rates: [{ country: 'DE', taxClass: 'standard', rate: 19 }, { country: '*', taxClass: 'standard', rate: 0 }] }), 200)
    const p = await stocked('EUR', 1000, 'standard')
    const order = must(await ordo.api('POST', '/orders', {
      shop: shop.code, customer: { email: `z${uid()}@example.test`, name: 'Zora' }, billingAddress: zurich, lines: [{ sku: p.sku, quantity: 1 }], payment: { method: 'invoice' },
    }), 201)
    expect(order.totals).toMatchObject({ tax: 0, total: 1000 })
  })

  it('CHF net: tax added per line and rounded per line, shipping at the highest rate', async () => {
    const shop = await createShop(ordo.api, { currency: 'CHF', pricesIncludeTax: false })
    must(await ordo.api('PUT', `/tax-rates/${shop.code}`, { rates: [{ country: 'CH', taxClass: 'standard', rate: 8.1 }, { country: 'CH', taxClass: 'reduced', rate: 2.6 }] }), 200)
    const a = await stocked('CHF', 1995, 'standard')
    const b = await stocked('CHF', 435, 'reduced')
    const order = must(await ordo.api('POST', '/orders', {
      shop: shop.code, customer: { email: `c${uid()}@example.test`, name: 'Carla' }, billingAddress: zurich,
      lines: [{ sku: a.sku, quantity: 3 }, { sku: b.sku, quantity: 2 }], shippingCost: 900, payment: { method: 'invoice' },
    }), 201)
    // 59.85 * 8.1 % = 4.84785 -> 4.85; 8.70 * 2.6 % = 0.2262 -> 0.23; 9.00 * 8.1 % = 0.729 -> 0.73.
    expect(order.lines.map((l: any) => l.tax)).toEqual([485, 23])
    expect(order.totals).toMatchObject({ subtotal: 6855, shipping: 900, tax: 581, total: 8336 })
    expect(order.totals.taxes).toEqual([{ rate: 8.1, base: 6885, tax: 558 }, { rate: 2.6, base: 870, tax: 23 }])
    const text = await pdfTextOf(order.id)
    expect(text).toMatch(/zzgl\. MWST\s+CHF 5.81/)
    expect(text).toMatch(/Total\s+CHF 83.36/)
  })

  it('JPY has no minor unit: yen amounts, a fixed discount spread, no decimals on the invoice', async () => {
    const shop = await createShop(ordo.api, { currency: 'JPY', pricesIncludeTax: true })
    must(await ordo.api('PUT', `/tax-rates/${shop.code}`, { rates: [{ country: 'JP', taxClass: 'standard', rate: 10 }, { country: 'JP', taxClass: 'reduced', rate: 8 }] }), 200)
    must(await ordo.api('PATCH', `/shops/${shop.code}/billing`, { locale: 'en', timeZone: 'Asia/Tokyo' }), 200)
    const a = await stocked('JPY', 1280, 'standard')
    const b = await stocked('JPY', 540, 'reduced')
    const code = `Y${uid()}`
    must(await ordo.api('POST', '/discounts', { shop: shop.code, code, kind: 'amount', value: 300 }), 201)
    const order = must(await ordo.api('POST', '/orders', {
      shop: shop.code, customer: { email: `j${uid()}@example.test`, name: 'Taro' }, billingAddress: tokyo,
      lines: [{ sku: a.sku, quantity: 3 }, { sku: b.sku, quantity: 1 }], shippingCost: 500, payment: { method: 'invoice' }, discountCodes: [code],
    }), 201)
    // ¥300 over 3840 / 540: 264 / 36. 3576 at 10 %: 325.09 -> 325; 504 at 8 %: 37.33 -> 37; shipping 500 at 10 %: 45.45 -> 45.
    expect(order.lines.map((l: any) => [l.discount, l.tax])).toEqual([[264, 325], [36, 37]])
    expect(order.totals).toMatchObject({ subtotal: 4380, discount: 300, tax: 407, total: 4580 })
    expect(order.totals.taxes).toEqual([{ rate: 10, base: 3706, tax: 370 }, { rate: 8, base: 467, tax: 37 }])
    const text = await pdfTextOf(order.id)
    expect(text).toMatch(/Total\s+¥4,580/)
    expect(text).not.toMatch(/4,580\.00|45\.80/)
  })

  it('refuses a bad tax table without changing the old one', async () => {
    const shop = await createShop(ordo.api)
    must(await ordo.api('PUT', `/tax-rates/${shop.code}`, { rates: [{ country: 'CH', taxClass: 'standard', rate: 8.1 }] }), 200)
    expectProblem(await ordo.api('PUT', `/tax-rates/${shop.code}`, { rates: [{ country: 'CH', taxClass: 'standard', rate: 8.1 }, { country: 'CH', taxClass: 'standard', rate: 7.7 }] }), 400, 'validation_failed')
    expectProblem(await ordo.api('PUT', `/tax-rates/${shop.code}`, { rates: [{ country: 'CHE', taxClass: 'standard', rate: 8.1 }] }), 400)
    expectProblem(await ordo.api('PUT', `/tax-rates/${shop.code}`, { rates: [{ country: 'CH', taxClass: 'standard', rate: 101 }] }), 400)
    expect(must(await ordo.api('GET', `/tax-rates/${shop.code}`), 200).items).toEqual([{ country: 'CH', taxClass: 'standard', rate: 8.1 }])
  })
})
