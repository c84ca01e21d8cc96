/**
 * Security finding 6: CSV cells starting with = + - @ tab or CR were written as is (a
 * spreadsheet runs them as formulas), and U+0001 in a name made the XML export not
 * well-formed. Control characters are refused at input and never emitted.
 */
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { create } from 'xmlbuilder2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { address, card, createWorld, expectProblem, must, uid } from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

async function download(query: string) {
  const res = await fetch(`${ordo.url}/api/v1/orders/export?${query}`, { headers: { authorization: `Bearer ${ordo.adminToken}` } })
  return res.text()
}

const formulas = ['=HYPERLINK("http://evil.example","x")', '+41 44 000', '-2+3', '@SUM(A1:A9)', '\tTabbed', '\rReturn']

describe('exports', () => {
  it('write cells that look like formulas as text', async () => {
    const world = await createWorld(ordo.api)
    for (const name of formulas) {
      must(await ordo.api('POST', '/orders', {
        shop: world.shop.code, customer: { email: `${uid().toLowerCase()}@x.example`, name }, billingAddress: address('Anna'),
        lines: [{ sku: world.product.sku, quantity: 1 }], payment: card(),
      }), 201)
    }
    const rows = parse(await download(`format=csv&shop=${world.shop.code}`), { columns: true }) as Record<string, string>[]
    const names = rows.map((r) => r.customer_name).sort()
    expect(names).toEqual(formulas.map((f) => `'${f}`).sort())
    for (const row of rows) expect(Number(row.total)).toBeGreaterThan(0)
  })

  it('refuse control characters at input, and stay well-formed XML for data stored before', async () => {
    const world = await createWorld(ordo.api)
    const base = { shop: world.shop.code, billingAddress: address('Anna'), lines: [{ sku: world.product.sku, quantity: 1 }], payment: card() }
    for (const name of ['Anna\u0001', 'Nul\u0000l', 'Bell\u0007', 'Half \uD800 surrogate']) {
      const res = await ordo.api('POST', '/orders', { ...base, customer: { email: `${uid().toLowerCase()}@x.example`, name } })
      expectProblem(res, 400, 'validation_failed')
      expect(res.body.errors[0].path).toBe('customer.name')
    }
    expectProblem(await ordo.api('PATCH', `/products/${world.product.sku}`, { name: 'Mug\u0000' }), 400, 'validation_failed')
    expectProblem(await ordo.api('GET', '/orders?q=%00'), 400, 'validation_failed')
    expectProblem(await ordo.api('GET', `/customers/${world.customer.id}%00`), 400, 'validation_failed')
    // Line breaks and tabs in a note are ordinary text.
    const order = must(await ordo.api('POST', '/orders', { ...base, customer: { id: world.customer.id }, customerNote: 'Ring twice\nThen\twait' }), 201)

    await ordo.db.updateTable('orders').set({ customer_name: 'Old\u0001Data' }).where('id', '=', order.id).execute()
    const xml = await download(`format=xml&shop=${world.shop.code}`)
    const doc = create(xml).end({ format: 'object' }) as any
    expect(JSON.stringify(doc)).toContain('OldData')
  })

  it('write CSV as csv-stringify would: quotes, commas, line breaks, full-width formula signs, stored control characters', async () => {
    const world = await createWorld(ordo.api)
    const order = must(await ordo.api('POST', '/orders', {
      shop: world.shop.code, customer: { email: `${uid().toLowerCase()}@x.example`, name: 'Anna' }, billingAddress: address('Anna'),
      lines: [{ sku: world.product.sku, quantity: 1 }], payment: card(),
    }), 201)
    const cases: [stored: string, written: string][] = [
      ['He said "hi", then\nleft', 'He said "hi", then\nleft'],
      ['\uFF1DSUM(A1)', "'\uFF1DSUM(A1)"],
      ['\u0001=cmd', "'=cmd"],
      ['Tab\tinside', 'Tab\tinside'],
      ['C:\\Orders\\new', 'C:\\Orders\\new'],
      ['Müller, Zürich 🙂', 'Müller, Zürich 🙂'],
      // A formula sign after a '|' is not at the start of the cell: written as it is.
      ['a|=b', 'a|=b'],
    ]
    for (const [stored, written] of cases) {
      await ordo.db.updateTable('orders').set({ customer_name: stored }).where('id', '=', order.id).execute()
      const text = await download(`format=csv&shop=${world.shop.code}`)
      const rows = parse(text, { columns: true }) as Record<string, string>[]
      expect(rows.map((r) => r.customer_name)).toEqual([written])
      // Quoted exactly where needed, as csv-stringify writes it.
      expect(stringify(parse(text))).toBe(text)
      // Without a filter (on PostgreSQL a COPY of the orders themselves) the order's line is the same text.
      const everything = await download('format=csv')
      expect(everything.split('\n').length).toBeGreaterThan(text.split('\n').length)
      expect(everything).toContain(text.slice(text.indexOf('\n') + 1))
    }
  })
})
