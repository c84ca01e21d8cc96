/**
 * The order page's additional information and the finance desk's figures (A32): the
 * customer's IP address (checked, shown, erased with the person), the export block and
 * where each export cycle stands, the customer's flags with their reason, and what is
 * outstanding per currency, summed by the server over every matching order and limited to
 * the caller's shops.
 */
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createWorld, expectProblem, getOrder, must, orderAction, orderBody, placeOrder, uid, tokenFor as tokenForApi } from './fixtures.ts'
import { workerFor } from './jobs-support.ts'

const exportDir = mkdtempSync(join(tmpdir(), 'ordo-info-exports-'))
process.env.ORDO_EXPORT_DIR = exportDir

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const tokenFor = (role: string, shops?: string[]) => tokenForApi(ordo.api, role, shops)
const countOrders = async (shop: string) =>
  Number((await ordo.db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).where('shop_code', '=', shop).executeTakeFirstOrThrow()).n)

describe("the customer's IP address", () => {
  it('is kept as the storefront gave it, refused when it is not an address, and erased with the customer', async () => {
    const w = await createWorld(ordo.api)
    const v4 = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], card(), { customerIp: '203.0.113.7' })
    expect(v4.customerIp).toBe('203.0.113.7')
    const v6 = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], card(), { customerIp: '2001:db8::1' })
    expect((await getOrder(ordo.api, v6.id)).customerIp).toBe('2001:db8::1')
    const none = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], card())
    expect(none.customerIp).toBeNull()

    const before = await countOrders(w.shop.code)
    for (const bad of ['999.1.1.1', 'localhost', '203.0.113.7; drop table orders', '']) {
      const res = await ordo.api('POST', '/orders', orderBody(w, [{ sku: w.product.sku, quantity: 1 }], card(), { customerIp: bad }))
      expectProblem(res, 400, 'validation_failed')
    }
    expect(await countOrders(w.shop.code)).toBe(before)

    must(await ordo.api('POST', `/customers/${w.customer.id}/erase`, { reason: 'Asked by letter' }), 200)
    expect((await getOrder(ordo.api, v4.id)).customerIp).toBeNull()
    expect(must(await ordo.api('GET', `/orders/${v6.id}/info`), 200).customerIp).toBeNull()
  })
})

describe('additional information', () => {
  it('shows source, promotions, the export block and each export cycle, and the customer flags with their reason', async () => {
    const w = await createWorld(ordo.api, { stock: 10 })
    const code = `TEN${uid()}`
    must(await ordo.api('POST', '/discounts', { shop: w.shop.code, code, kind: 'amount', value: 1000 }), 201)
    must(await ordo.api('POST', '/exporters', { shop: w.shop.code, name: 'erp', state: 'INITPAID', kind: 'file', format: 'csv', target: w.shop.code }), 201)
    const order = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 2 }], card(), { source: 'storefront', discountCodes: [code] })

    const info = must(await ordo.api('GET', `/orders/${order.id}/info`), 200)
    expect(info).toMatchObject({ orderId: order.id, source: 'storefront', exportBlock: { blocked: false, note: null, since: null }, exports: [] })
    expect(info.promotions).toEqual([{ code, amount: 1000 }])
    expect(info.customer).toMatchObject({ id: w.customer.id, blocked: false, requiresApproval: false, flagReason: null })

    // Blocked before the pipeline reaches it: the INITPAID cycle runs and holds it.
    must(await ordo.api('PUT', `/orders/${order.id}/export-block`, { blocked: true, note: 'Address being checked' }), 200)
    const worker = workerFor(ordo)
    await worker.drain()
    must(await ordo.api('PATCH', `/customers/${w.customer.id}`, { blocked: true, reason: 'Chargeback on an earlier order' }), 200)
    const held = must(await ordo.api('GET', `/orders/${order.id}/info`), 200)
    expect(held.exportBlock).toMatchObject({ blocked: true, note: 'Address being checked' })
    expect(Date.parse(held.exportBlock.since)).not.toBeNaN()
    expect(held.exports).toEqual([expect.objectContaining({ state: 'INITPAID', job: 'done', held: true, lastError: null })])
    expect(held.customer).toMatchObject({ blocked: true, flagReason: 'Chargeback on an earlier order' })
    expect(readdirSync(exportDir)).not.toContain(w.shop.code)

    // Lifted: the cycle is queued again, then exported.
    must(await ordo.api('PUT', `/orders/${order.id}/export-block`, { blocked: false }), 200)
    const waiting = must(await ordo.api('GET', `/orders/${order.id}/info`), 200)
    expect(waiting.exportBlock.blocked).toBe(false)
    expect(waiting.exports.map((e: any) => [e.state, e.job, e.held])).toEqual([['INITPAID', 'done', true], ['INITPAID', 'queued', false]])
    await worker.drain()
    const exported = must(await ordo.api('GET', `/orders/${order.id}/info`), 200)
    expect(exported.exports.map((e: any) => [e.state, e.job, e.held])).toEqual([['INITPAID', 'done', true], ['INITPAID', 'done', false]])
    expect(readdirSync(join(exportDir, w.shop.code))).toEqual([`${order.number}-INITPAID-erp.csv`])
  })

  it("is another shop's order: not found for a token of one shop", async () => {
    const mine = await createWorld(ordo.api)
    const theirs = await createWorld(ordo.api)
    const order = await placeOrder(ordo.api, theirs, [{ sku: theirs.product.sku, quantity: 1 }], card())
    const token = await tokenFor('call_centre', [mine.shop.code])
    expectProblem(await ordo.api('GET', `/orders/${order.id}/info`, undefined, token), 404, 'order_not_found')
    expectProblem(await ordo.api('GET', '/orders/not-an-id/info'), 404, 'order_not_found')
  })
})

describe('what is outstanding', () => {
  it('sums every matching order per currency on the server, within the caller shops, with the reminder level on each row', async () => {
    const chf = await createWorld(ordo.api, { price: 10_000, stock: 50 })
    const eur = await createWorld(ordo.api, { price: 2_500, stock: 50, currency: 'EUR' })
    const invoice = { method: 'invoice' } as const
    // 7 CHF invoice orders (more than one page of 5), one of them paid in part, one cancelled.
    const chfOrders = []
    for (let i = 0; i < 7; i++) chfOrders.push(await placeOrder(ordo.api, chf, [{ sku: chf.product.sku, quantity: 1 }], invoice))
    must(await orderAction(ordo.api, chfOrders[0].id, 'confirm-payment', { amount: 4_000 }), 200)
    must(await orderAction(ordo.api, chfOrders[1].id, 'cancel', {}), 200)
    const eurOrders = []
    for (let i = 0; i < 3; i++) eurOrders.push(await placeOrder(ordo.api, eur, [{ sku: eur.product.sku, quantity: 2 }], invoice))
    // Paid by card: nothing outstanding, not counted.
    await placeOrder(ordo.api, chf, [{ sku: chf.product.sku, quantity: 1 }], card())

    const chfTotal = chfOrders[2].totals.total
    const shops = `${chf.shop.code},${eur.shop.code}`
    const all = must(await ordo.api('GET', `/payments/outstanding?shop=${shops}`), 200)
    expect(all.totals).toEqual([
      { currency: 'CHF', amount: chfOrders[0].totals.total - 4_000 + 5 * chfTotal, orders: 6 },
      { currency: 'EUR', amount: eurOrders.reduce((sum, o) => sum + o.totals.total, 0), orders: 3 },
    ])
    expect(eurOrders[0].totals.total).toBeGreaterThanOrEqual(5_000)

    // The same filters as the list: only partly paid ones.
    const partly = must(await ordo.api('GET', `/payments/outstanding?shop=${shops}&paymentStatus=partially_paid`), 200)
    expect(partly.totals).toEqual([{ currency: 'CHF', amount: chfOrders[0].totals.total - 4_000, orders: 1 }])

    // A token of the CHF shop sees only CHF, even when it names the other shop.
    const token = await tokenFor('finance', [chf.shop.code])
    const scoped = must(await ordo.api('GET', `/payments/outstanding?shop=${shops}`, undefined, token), 200)
    expect(scoped.totals.map((t: any) => t.currency)).toEqual(['CHF'])

    // The list rows carry the outstanding amount and the reminder level.
    const page = must(await ordo.api('GET', `/orders?shop=${chf.shop.code}&paymentStatus=partially_paid`), 200)
    expect(page.items).toEqual([expect.objectContaining({ id: chfOrders[0].id, outstanding: chfOrders[0].totals.total - 4_000, dunningLevel: 0 })])
    const paidByCard = must(await ordo.api('GET', `/orders?shop=${chf.shop.code}&paymentStatus=paid`), 200).items
    expect(paidByCard[0]).toMatchObject({ outstanding: 0, dunningLevel: null })

    expectProblem(await ordo.api('GET', '/payments/outstanding?status=exploded'), 400, 'validation_failed')
    expectProblem(await ordo.api('GET', '/payments/outstanding?limit=5'), 400)
  })
})
