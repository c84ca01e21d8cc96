/** Exports (A24): streamed CSV, XML and JSON Lines that parse back to the orders; the export-state pipeline. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { startOrdo, type Ordo } from './harness.ts'
import { address, advanceDelivery, card, createWorld, expectProblem, getHistory, getOrder, must, orderAction, placeOrder, uid } from './fixtures.ts'
import { startReceiver, workerFor } from './jobs-support.ts'
import { bulkOrders } from '../src/demo/bulk-orders.ts'

const exportDir = mkdtempSync(join(tmpdir(), 'ordo-exports-'))
process.env.ORDO_EXPORT_DIR = exportDir
process.env.ORDO_WEBHOOKS_ALLOW_PRIVATE = '1'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

async function download(query: string) {
  const res = await fetch(`${ordo.url}/api/v1/orders/export?${query}`, { headers: { authorization: `Bearer ${ordo.adminToken}` } })
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
}

describe('streaming exports', () => {
  it('exports the filtered orders as CSV that parses back to the same orders', async () => {
    const world = await createWorld(ordo.api, { stock: 100 })
    const other = await createWorld(ordo.api)
    const second = await createWorld(ordo.api, { stock: 100 })
    const placed = []
    for (let i = 0; i < 7; i++) {
      placed.push(await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 + i }, { sku: second.product.sku, quantity: 1 }], i % 2 ? card() : { method: 'invoice' }))
    }
    await placeOrder(ordo.api, other, [{ sku: other.product.sku, quantity: 1 }], card())
    await advanceDelivery(ordo.api, placed[1].id, placed[1].deliveries[0].id, 'shipped')

    const res = await download(`format=csv&shop=${world.shop.code}`)
    expect(res.status).toBe(200)
    expect(res.type).toMatch(/^text\/csv/)
    const rows = parse(res.text, { columns: true }) as Record<string, string>[]
    const ids = [...new Set(rows.map((r) => r.order_id))]
    expect(ids.sort()).toEqual(placed.map((o) => o.id).sort())
    for (const id of ids) {
      const order = await getOrder(ordo.api, id)
      const own = rows.filter((r) => r.order_id === id)
      expect(own.map((r) => [Number(r.line_no), r.sku, Number(r.quantity), Number(r.unit_price), Number(r.line_amount)]))
        .toEqual(order.lines.map((l: any) => [l.lineNo, l.sku, l.quantity, l.unitPrice, l.amount]))
      expect(own[0]).toMatchObject({
        number: order.number, invoice_number: order.invoiceNumber ?? '', status: order.status, payment_status: order.paymentStatus,
        customer_email: order.customer.email, customer_name: order.customer.name, currency: order.totals.currency,
        total: String(order.totals.total), tax: String(order.totals.tax), captured: String(order.payment.captured), created_at: order.createdAt,
      })
      expect(own[0].deliveries.split('|').map((d) => d.split(':').slice(0, 2).join(':')))
        .toEqual(order.deliveries.map((d: any) => `${d.number}:${d.status}`))
    }
  })

  it('exports JSON Lines with the full orders and XML with every order, filtered by status', async () => {
    const world = await createWorld(ordo.api, { stock: 20 })
    const a = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const b = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], { method: 'invoice' })
    must(await orderAction(ordo.api, b.id, 'cancel'), 200)

    const jsonl = await download(`format=jsonl&shop=${world.shop.code}`)
    const orders = jsonl.text.trim().split('\n').map((l) => JSON.parse(l))
    expect(orders.map((o) => o.id).sort()).toEqual([a.id, b.id].sort())
    const full = orders.find((o) => o.id === a.id)
    const api = await getOrder(ordo.api, a.id)
    const { allowedActions: _, deliveries, ...rest } = api
    expect(full).toMatchObject({ ...rest, deliveries: deliveries.map(({ allowedActions: _a, ...d }: any) => d) })
    expect(full.transactions.length).toBeGreaterThan(0)

    const xml = await download(`format=xml&shop=${world.shop.code}&status=cancelled`)
    expect(xml.type).toMatch(/^application\/xml/)
    expect(xml.text.startsWith('<?xml')).toBe(true)
    expect(xml.text.match(/<order /g)).toHaveLength(1)
    expect(xml.text).toContain(`number="${b.number}"`)
    expect(xml.text.trim().endsWith('</orders>')).toBe(true)
  })

  it('takes filters with quotes and backslashes as values, in every format', async () => {
    const world = await createWorld(ordo.api, { stock: 20 })
    const name = `O'Brien \\'); drop table orders; -- $1`
    const odd = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card(), {
      customer: { email: `${uid().toLowerCase()}@x.example`, name }, billingAddress: address(name),
    })
    await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const query = `shop=${world.shop.code}&q=${encodeURIComponent(name)}`
    const csv = parse((await download(`format=csv&${query}`)).text, { columns: true }) as Record<string, string>[]
    expect(csv.map((r) => [r.order_id, r.customer_name])).toEqual([[odd.id, name]])
    const jsonl = (await download(`format=jsonl&${query}`)).text.trim().split('\n').map((l) => JSON.parse(l))
    expect(jsonl.map((o) => o.id)).toEqual([odd.id])
    // The orders are all still there.
    expect((await download(`format=csv&shop=${world.shop.code}`)).text.trim().split('\n')).toHaveLength(3)
  })

  it('lets go of its connection when the client stops reading mid-download', async () => {
    await createWorld(ordo.api, { stock: 10 })
    await bulkOrders(ordo.db, 5000)
    for (let i = 0; i < 25; i++) {
      const abort = new AbortController()
      const res = await fetch(`${ordo.url}/api/v1/orders/export?format=csv`, { headers: { authorization: `Bearer ${ordo.adminToken}` }, signal: abort.signal })
      const reader = res.body!.getReader()
      await reader.read()
      abort.abort()
      await reader.cancel().catch(() => {})
    }
    // More downloads given up than the pool has connections: none is held by a stopped export.
    const whole = await download('format=csv')
    expect(whole.status).toBe(200)
    expect(whole.text.split('\n').length).toBeGreaterThan(10_000)
  }, 120_000) // 5,000 orders written and 26 downloads started: 24 s on PGlite on a quiet machine

  it('answers bad formats and filters with a problem before streaming anything', async () => {
    for (const query of ['format=pdf', 'status=exploded', 'from=yesterday', 'limit=5']) {
      const res = await ordo.api('GET', `/orders/export?${query}`)
      expectProblem(res, 400)
    }
  })
})

describe('the export pipeline', () => {
  it('runs the exporters of INITPAID, chains to the next state, writes history, and holds blocked orders', async () => {
    const receiver = await startReceiver()
    const world = await createWorld(ordo.api, { stock: 20 })
    const shop = world.shop.code
    must(await ordo.api('POST', '/exporters', { shop, name: 'erp-file', state: 'INITPAID', kind: 'file', format: 'xml', target: shop, nextState: 'DELIVERY' }), 201)
    must(await ordo.api('POST', '/exporters', { shop, name: 'warehouse', state: 'DELIVERY', kind: 'http', format: 'json', target: receiver.url }), 201)
    expectProblem(await ordo.api('POST', '/exporters', { shop, name: 'bad', state: 'INITPAID', kind: 'file', format: 'csv', target: '../etc' }), 400, 'validation_failed')

    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const blocked = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    must(await ordo.api('PUT', `/orders/${blocked.id}/export-block`, { blocked: true, note: 'disputed' }), 200)
    const worker = workerFor(ordo)
    await worker.drain()

    const files = readdirSync(join(exportDir, shop))
    expect(files).toEqual([`${order.number}-INITPAID-erp-file.xml`])
    expect(readFileSync(join(exportDir, shop, files[0]), 'utf8')).toContain(`number="${order.number}"`)
    expect(receiver.received.map((r) => r.json.id)).toEqual([order.id])
    const history = (await getHistory(ordo.api, order.id)).filter((h: any) => h.type === 'export')
    expect(history.map((h: any) => h.action)).toEqual(['INITPAID', 'DELIVERY'])
    expect(history[0].note).toContain('next: DELIVERY')
    const held = (await getHistory(ordo.api, blocked.id)).filter((h: any) => h.type === 'export')
    expect(held.map((h: any) => h.note)).toEqual([expect.stringContaining('blocked')])

    must(await ordo.api('PUT', `/orders/${blocked.id}/export-block`, { blocked: false }), 200)
    await worker.drain()
    expect(readdirSync(join(exportDir, shop)).sort()).toEqual([`${blocked.number}-INITPAID-erp-file.xml`, `${order.number}-INITPAID-erp-file.xml`].sort())
    expect(receiver.received.map((r) => r.json.id)).toEqual([order.id, blocked.id])
    await receiver.close()
  })

  it('writes the file of a CSV exporter with the same rows as the streaming export', async () => {
    const world = await createWorld(ordo.api, { stock: 20 })
    const shop = world.shop.code
    must(await ordo.api('POST', '/exporters', { shop, name: 'erp-csv', state: 'INITPAID', kind: 'file', format: 'csv', target: `${shop}-csv` }), 201)
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }, { sku: world.product.sku, quantity: 1 }], card())
    await workerFor(ordo).drain()
    const file = join(exportDir, `${shop}-csv`, `${order.number}-INITPAID-erp-csv.csv`)
    const streamed = await download(`format=csv&shop=${shop}`)
    expect(readFileSync(file, 'utf8')).toBe(streamed.text)
    const rows = parse(streamed.text, { columns: true }) as Record<string, string>[]
    expect(rows.map((r) => [r.order_id, r.line_no])).toEqual([[order.id, '1'], [order.id, '2']])
  })
})
