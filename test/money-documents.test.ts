import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { address, createProduct, createShop, createWarehouse, must, setStock } from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

async function pdfText(path: string): Promise<string> {
  const res = await fetch(`${ordo.url}/api/v1${path}`, { headers: { authorization: `Bearer ${ordo.adminToken}` } })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('application/pdf')
  const buf = Buffer.from(await res.arrayBuffer())
  mkdirSync('test-results', { recursive: true })
  const file = `test-results/${path.split('/').pop()}`
  writeFileSync(file, buf)
  return execFileSync('pdftotext', ['-layout', file, '-']).toString()
}

describe('documents', () => {
  it('issues an invoice at placement and serves it as a PDF', async () => {
    const shop = await createShop(ordo.api, { currency: 'CHF', pricesIncludeTax: true })
    const wh = await createWarehouse(ordo.api)
    const p = await createProduct(ordo.api, { prices: { CHF: 2990 }, taxRate: 8.1 })
    await setStock(ordo.api, wh.code, p.sku, 10)
    must(await ordo.api('PATCH', `/shops/${shop.code}/billing`, { legalName: 'Muster AG', iban: 'CH9300762011623852957', bic: 'POFICHBEXXX', vatId: 'CHE-123.456.789 MWST', paymentTermsDays: 30 }), 200)
    const order = must(await ordo.api('POST', '/orders', {
      shop: shop.code, customer: { email: 'a@example.com', name: 'Anna' }, billingAddress: address(), lines: [{ sku: p.sku, quantity: 2 }],
      shippingCost: 790, payment: { method: 'invoice' },
    }), 201)
    expect(order.invoiceNumber).toBe(`I${shop.code}-1`)
    const docs = must(await ordo.api('GET', `/orders/${order.id}/documents`), 200).items
    expect(docs.map((d: any) => d.kind)).toEqual(['invoice'])
    const text = await pdfText(docs[0].url.replace('/api/v1', ''))
    console.log(text)
    expect(text).toContain(`Rechnung I${shop.code}-1`)
    expect(text).toContain('Muster AG')
    expect(text).toContain('CH93 0076 2011 6238 5295 7')
  })
})
