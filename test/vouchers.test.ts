/**
 * Vouchers (A20) as a user checks them: sold and issued on payment, searched and changed,
 * redeemed in full or in part (also in parallel, never below zero), voided when their
 * order is cancelled, paying part of an order and coming back on refund, printed as PDF.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import QRCode from 'qrcode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import {
  card, createCustomer, createShop, expectProblem, getHistory, getOrder, getTransactions, must, orderAction, placeOrder, uid,
} from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

async function voucherWorld(price = 5000) {
  const shop = await createShop(ordo.api)
  const customer = await createCustomer(ordo.api)
  const sku = `GIFT-${uid()}`
  must(await ordo.api('POST', '/products', { sku, name: `Gift voucher ${price / 100}`, kind: 'voucher', prices: { CHF: price }, taxRate: 0 }), 201)
  return { shop, customer, sku }
}

/** Buys `quantity` vouchers by card and returns the order and its vouchers. */
async function buyVouchers(world: Awaited<ReturnType<typeof voucherWorld>>, quantity = 1, token = 'test_ok') {
  const order = await placeOrder(ordo.api, world, [{ sku: world.sku, quantity }], card(token))
  const vouchers = must(await ordo.api('GET', `/vouchers?orderId=${order.id}`), 200).items
  return { order, vouchers }
}

describe('issue on payment', () => {
  it('issues one voucher per unit of a paid order, with an unguessable grouped code', async () => {
    const world = await voucherWorld(5000)
    const { order, vouchers } = await buyVouchers(world, 3)
    expect(order).toMatchObject({ status: 'completed', paymentStatus: 'paid' })
    expect(vouchers).toHaveLength(3)
    for (const v of vouchers) {
      expect(v).toMatchObject({ value: 5000, balance: 5000, currency: 'CHF', status: 'active', orderId: order.id, orderNumber: order.number, shop: world.shop.code })
      expect(v.code).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/)
      expect(new Date(v.expiresAt).getTime()).toBeGreaterThan(Date.now() + 3 * 365 * 86_400_000 - 86_400_000 * 3)
    }
    expect(new Set(vouchers.map((v: any) => v.code)).size).toBe(3)
    const history = await getHistory(ordo.api, order.id)
    expect(history.some((h) => h.action === 'issue-vouchers')).toBe(true)
    // The code is found however it is typed.
    const typed = vouchers[0].code.toLowerCase().replace(/-/g, ' ')
    expect(must(await ordo.api('GET', `/vouchers/${encodeURIComponent(typed)}`), 200).id).toBe(vouchers[0].id)
  })

  it('issues nothing until a bank transfer is confirmed', async () => {
    const world = await voucherWorld(2000)
    const order = await placeOrder(ordo.api, world, [{ sku: world.sku, quantity: 2 }], { method: 'bank_transfer' })
    expect(must(await ordo.api('GET', `/vouchers?orderId=${order.id}`), 200).items).toHaveLength(0)
    must(await orderAction(ordo.api, order.id, 'confirm-payment'), 200)
    expect(must(await ordo.api('GET', `/vouchers?orderId=${order.id}`), 200).items).toHaveLength(2)
  })
})

describe('search, change and history', () => {
  it('finds by part of the code and status, changes expiry, notes and layout, and records each change', async () => {
    const world = await voucherWorld()
    const { vouchers: [v] } = await buyVouchers(world)
    const part = v.code.slice(5, 9)
    const found = must(await ordo.api('GET', `/vouchers?q=${part}&status=active`), 200).items
    expect(found.map((x: any) => x.code)).toContain(v.code)
    expect(must(await ordo.api('GET', `/vouchers?q=${part}&status=voided`), 200).items).toHaveLength(0)

    const patched = must(await ordo.api('PATCH', `/vouchers/${v.code}`, {
      expiresAt: '2030-12-31T23:59:59.000Z', notes: 'Given at the fair', layout: 'modern', recipient: 'Eva', message: 'Happy birthday!',
    }), 200)
    expect(patched).toMatchObject({ expiresAt: '2030-12-31T23:59:59.000Z', notes: 'Given at the fair', layout: 'modern', recipient: 'Eva' })
    const history = must(await ordo.api('GET', `/vouchers/${v.code}/history`), 200).items
    expect(history.map((h: any) => h.type)).toEqual(['issued', 'change'])
    expect(history[1].note).toContain('expiry 2030-12-31')

    expectProblem(await ordo.api('PATCH', `/vouchers/${v.code}`, { layout: 'baroque' }), 400)
    expectProblem(await ordo.api('GET', '/vouchers/AAAA-BBBB-CCCC-DDDD'), 404, 'voucher_not_found')
    expectProblem(await ordo.api('GET', '/vouchers/not-a-code'), 404, 'voucher_not_found')
  })
})

describe('redemptions', () => {
  it('redeems in part, then the rest, then refuses with the balance named', async () => {
    const world = await voucherWorld(5000)
    const { vouchers: [v] } = await buyVouchers(world)
    expect(must(await ordo.api('POST', `/vouchers/${v.code}/redemptions`, { amount: 1200, reference: 'till 7' }), 201)).toMatchObject({ balance: 3800, status: 'active' })
    const over = await ordo.api('POST', `/vouchers/${v.code}/redemptions`, { amount: 3801, reference: 'till 7' })
    expectProblem(over, 409, 'voucher_balance_insufficient')
    expect(over.body.balance).toBe(3800)
    expect(must(await ordo.api('POST', `/vouchers/${v.code}/redemptions`, { amount: 3800, reference: 'till 8' }), 201)).toMatchObject({ balance: 0, status: 'redeemed' })
    expectProblem(await ordo.api('POST', `/vouchers/${v.code}/redemptions`, { amount: 1, reference: 'till 9' }), 409, 'voucher_not_usable')
    expectProblem(await ordo.api('POST', `/vouchers/${v.code}/redemptions`, { amount: -5, reference: 'x' }), 400)
    const redemptions = must(await ordo.api('GET', `/vouchers/${v.code}/redemptions`), 200).items
    expect(redemptions.map((r: any) => [r.amount, r.balance, r.reference])).toEqual([[1200, 3800, 'till 7'], [3800, 0, 'till 8']])
  })

  it('answers a retried redemption with the same Idempotency-Key once', async () => {
    const world = await voucherWorld(5000)
    const { vouchers: [v] } = await buyVouchers(world)
    const key = `redeem-${uid()}`
    const first = must(await ordo.api('POST', `/vouchers/${v.code}/redemptions`, { amount: 1000, reference: 'web' }, { 'idempotency-key': key }), 201)
    const again = await ordo.api('POST', `/vouchers/${v.code}/redemptions`, { amount: 1000, reference: 'web' }, { 'idempotency-key': key })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body.balance).toBe(first.balance)
    expect(must(await ordo.api('GET', `/vouchers/${v.code}`), 200).balance).toBe(4000)
  })

  it('never goes below zero under parallel redemptions', async () => {
    const world = await voucherWorld(10000)
    const { vouchers: [v] } = await buyVouchers(world)
    // 25 requests of 700 at once against 10000: exactly 14 fit (9800), the rest are refused.
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) =>
      ordo.api('POST', `/vouchers/${v.code}/redemptions`, { amount: 700, reference: `r${i}` })))
    const ok = results.filter((r) => r.status === 201)
    const refused = results.filter((r) => r.status !== 201)
    expect(ok).toHaveLength(14)
    for (const r of refused) expectProblem(r, 409, 'voucher_balance_insufficient')
    const after = must(await ordo.api('GET', `/vouchers/${v.code}`), 200)
    expect(after.balance).toBe(10000 - 14 * 700)
    const redemptions = must(await ordo.api('GET', `/vouchers/${v.code}/redemptions`), 200).items
    expect(redemptions).toHaveLength(14)
    expect(Math.min(...redemptions.map((r: any) => r.balance))).toBe(200)
  })
})

describe('void on cancellation', () => {
  it('voids the unused vouchers of a cancelled order and refunds it', async () => {
    const world = await voucherWorld(3000)
    const { order, vouchers } = await buyVouchers(world, 2)
    const cancelled = must(await orderAction(ordo.api, order.id, 'return', { note: 'Customer changed their mind' }), 200)
    expect(cancelled.status).toBe('returned')
    for (const v of vouchers) {
      const now = must(await ordo.api('GET', `/vouchers/${v.code}`), 200)
      expect(now).toMatchObject({ status: 'voided', balance: 0 })
    }
    const transactions = await getTransactions(ordo.api, order.id)
    expect(transactions.filter((t) => t.operation === 'REFUND' && t.status === 'succeeded').reduce((s, t) => s + t.amount, 0)).toBe(6000)
    expectProblem(await ordo.api('POST', `/vouchers/${vouchers[0].code}/redemptions`, { amount: 100, reference: 'late' }), 409, 'voucher_not_usable')
  })

  it('voids the vouchers of an order cancelled before payment arrived', async () => {
    const world = await voucherWorld(3000)
    const order = await placeOrder(ordo.api, world, [{ sku: world.sku, quantity: 1 }], { method: 'bank_transfer' })
    must(await orderAction(ordo.api, order.id, 'cancel'), 200)
    expect(must(await ordo.api('GET', `/vouchers?orderId=${order.id}`), 200).items).toHaveLength(0)
  })

  it('refuses to refund an order whose voucher has been used, naming the voucher', async () => {
    const world = await voucherWorld(3000)
    const { order, vouchers: [v] } = await buyVouchers(world)
    must(await ordo.api('POST', `/vouchers/${v.code}/redemptions`, { amount: 500, reference: 'till' }), 201)
    const refused = await orderAction(ordo.api, order.id, 'return')
    expectProblem(refused, 409, 'voucher_used')
    expect(refused.body.detail).toContain(v.code)
    expect(refused.body.vouchers[0]).toMatchObject({ code: v.code, value: 3000, balance: 2500 })
    // Nothing changed: the order, its payment and the voucher are as they were.
    expect(await getOrder(ordo.api, order.id)).toMatchObject({ status: 'completed', paymentStatus: 'paid' })
    expect(must(await ordo.api('GET', `/vouchers/${v.code}`), 200)).toMatchObject({ status: 'active', balance: 2500 })
  })
})

describe('paying an order with vouchers', () => {
  it('pays part by voucher and the rest by card, and a cancellation puts the money back onto the voucher', async () => {
    const world = await voucherWorld(2000)
    const { vouchers: [v] } = await buyVouchers(world)
    const sku = `BOOK-${uid()}`
    must(await ordo.api('POST', '/products', { sku, name: 'E-book', kind: 'electronic', prices: { CHF: 4500 }, taxRate: 2.6 }), 201)
    // Paid by card on shipment: the card is authorised for what the voucher leaves, captured as the e-book goes out.
    const order = must(await ordo.api('POST', '/orders', {
      shop: world.shop.code, customer: { id: world.customer.id },
      billingAddress: { name: 'Eva', street: 'Weg 1', postalCode: '8000', city: 'Zürich', country: 'CH' },
      lines: [{ sku, quantity: 1 }, { sku: world.sku, quantity: 1 }], payment: card('test_ok', 'on_shipment'), vouchers: [v.code],
    }), 201)
    expect(order.totals.total).toBe(6500)
    let t = await getTransactions(ordo.api, order.id)
    expect(t.find((x) => x.operation === 'OFFLINE')).toMatchObject({ amount: 2000, status: 'succeeded', message: `Voucher ${v.code}` })
    expect(t.find((x) => x.operation === 'AUTH')).toMatchObject({ amount: 4500, status: 'succeeded' })
    expect(must(await ordo.api('GET', `/vouchers/${v.code}`), 200)).toMatchObject({ balance: 0, status: 'redeemed' })
    const redemptions = must(await ordo.api('GET', `/vouchers/${v.code}/redemptions`), 200).items
    expect(redemptions[0]).toMatchObject({ type: 'payment', amount: 2000, orderId: order.id, reference: order.number })

    const refunded = must(await orderAction(ordo.api, order.id, 'return', { note: 'Wrong book' }), 200)
    expect(refunded).toMatchObject({ status: 'returned', paymentStatus: 'refunded' })
    t = await getTransactions(ordo.api, order.id)
    // The voucher's share goes back onto it; the card gets back only what it paid.
    // (Sorted: rows written in the same millisecond have no order between them.)
    expect(t.filter((x) => x.status === 'succeeded').map((x) => `${x.operation} ${x.amount}${x.reference === v.code ? ' voucher' : ''}`).sort()).toEqual(
      ['AUTH 4500', 'CAPTURE 4500', 'OFFLINE 2000', 'OFFLINE_REFUND 2000 voucher', 'REFUND 4500'])
    expect(must(await ordo.api('GET', `/vouchers/${v.code}`), 200)).toMatchObject({ balance: 2000, status: 'active' })
  })

  it('refunds back onto the voucher when an order it paid is cancelled', async () => {
    const world = await voucherWorld(8000)
    const { vouchers: [v] } = await buyVouchers(world)
    const order = must(await ordo.api('POST', '/orders', {
      shop: world.shop.code, customer: { id: world.customer.id },
      billingAddress: { name: 'Eva', street: 'Weg 1', postalCode: '8000', city: 'Zürich', country: 'CH' },
      lines: [{ sku: world.sku, quantity: 2 }], payment: { method: 'bank_transfer' }, vouchers: [v.code],
    }), 201)
    // 16000 owed, 8000 paid by the voucher: the rest still waits for the transfer.
    expect(order).toMatchObject({ status: 'awaiting_payment' })
    expect(order.payment).toMatchObject({ captured: 8000, outstanding: 8000 })
    expect(must(await ordo.api('GET', `/vouchers/${v.code}`), 200).balance).toBe(0)
    const cancelled = must(await orderAction(ordo.api, order.id, 'cancel'), 200)
    expect(cancelled.status).toBe('cancelled')
    expect(must(await ordo.api('GET', `/vouchers/${v.code}`), 200)).toMatchObject({ balance: 8000, status: 'active' })
    const t = await getTransactions(ordo.api, order.id)
    expect(t.find((x) => x.operation === 'OFFLINE_REFUND')).toMatchObject({ amount: 8000, status: 'succeeded', reference: v.code })
    expect(t.filter((x) => x.operation === 'REFUND')).toEqual([])
    const types = must(await ordo.api('GET', `/vouchers/${v.code}/history`), 200).items.map((h: any) => h.type)
    expect(types).toEqual(['issued', 'payment', 'payment-refund'])
  })

  it('pays a whole bank-transfer order by voucher, which then needs no transfer', async () => {
    const world = await voucherWorld(5000)
    const { vouchers: [a] } = await buyVouchers(world)
    const { vouchers: [b] } = await buyVouchers(world)
    const sku = `APP-${uid()}`
    must(await ordo.api('POST', '/products', { sku, name: 'App', kind: 'electronic', prices: { CHF: 7000 }, taxRate: 8.1 }), 201)
    const order = must(await ordo.api('POST', '/orders', {
      shop: world.shop.code, customer: { id: world.customer.id },
      billingAddress: { name: 'Eva', street: 'Weg 1', postalCode: '8000', city: 'Zürich', country: 'CH' },
      lines: [{ sku, quantity: 1 }], payment: { method: 'bank_transfer' }, vouchers: [a.code, b.code],
    }), 201)
    expect(order).toMatchObject({ status: 'completed', paymentStatus: 'paid' })
    expect(must(await ordo.api('GET', `/vouchers/${a.code}`), 200).balance).toBe(0)
    expect(must(await ordo.api('GET', `/vouchers/${b.code}`), 200).balance).toBe(3000)
  })

  it('gives the voucher its money back when the card for the rest is declined', async () => {
    const world = await voucherWorld(3000)
    const { vouchers: [v] } = await buyVouchers(world)
    const res = await ordo.api('POST', '/orders', {
      shop: world.shop.code, customer: { id: world.customer.id },
      billingAddress: { name: 'Eva', street: 'Weg 1', postalCode: '8000', city: 'Zürich', country: 'CH' },
      lines: [{ sku: world.sku, quantity: 2 }], payment: card('test_decline'), vouchers: [v.code],
    })
    expectProblem(res, 402, 'payment_declined')
    expect(must(await ordo.api('GET', `/vouchers/${v.code}`), 200)).toMatchObject({ balance: 3000, status: 'active' })
    const t = await getTransactions(ordo.api, res.body.orderId)
    expect(t.filter((x) => x.status === 'succeeded').map((x) => `${x.operation} ${x.amount}`).sort()).toEqual(['OFFLINE 3000', 'OFFLINE_REFUND 3000'])
    expect(must(await ordo.api('GET', `/vouchers?orderId=${res.body.orderId}`), 200).items).toHaveLength(0)
  })

  it('refuses a spent, unknown or foreign voucher and changes nothing', async () => {
    const world = await voucherWorld(1000)
    const { vouchers: [v] } = await buyVouchers(world)
    must(await ordo.api('POST', `/vouchers/${v.code}/redemptions`, { amount: 1000, reference: 'all' }), 201)
    const body = (codes: string[], shop = world.shop.code) => ({
      shop, customer: { id: world.customer.id },
      billingAddress: { name: 'Eva', street: 'Weg 1', postalCode: '8000', city: 'Zürich', country: 'CH' },
      lines: [{ sku: world.sku, quantity: 1 }], payment: card(), vouchers: codes,
    })
    expectProblem(await ordo.api('POST', '/orders', body([v.code])), 409, 'voucher_not_usable')
    expectProblem(await ordo.api('POST', '/orders', body(['ZZZZ-ZZZZ-ZZZZ-ZZZZ'])), 404, 'voucher_not_found')
    const other = await voucherWorld(1000)
    const { vouchers: [w] } = await buyVouchers(other)
    const foreign = await ordo.api('POST', '/orders', { ...body([w.code]) })
    expectProblem(foreign, 422, 'voucher_currency_mismatch')
    expect(must(await ordo.api('GET', `/vouchers/${w.code}`), 200).balance).toBe(1000)
  })
})

describe('the voucher to print', () => {
  it('is a PDF with the shop layout, the value, the message and a QR code of the code', async () => {
    const world = await voucherWorld(5000)
    must(await ordo.api('PUT', `/voucher-layouts/${world.shop.code}`, {
      accentColor: '#8a1538', backgroundColor: '#fff7e6', title: 'Geschenkgutschein', footer: 'Redeemable in every branch and online.',
    }), 200)
    const { vouchers: [v] } = await buyVouchers(world)
    must(await ordo.api('PATCH', `/vouchers/${v.code}`, { recipient: 'Eva Muster', message: 'Happy birthday!' }), 200)
    const res = await fetch(`${ordo.url}/api/v1/vouchers/${v.code}/pdf`, { headers: { authorization: `Bearer ${ordo.adminToken}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const pdf = Buffer.from(await res.arrayBuffer())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const dir = mkdtempSync(join(tmpdir(), 'voucher-'))
    const file = join(dir, 'voucher.pdf')
    writeFileSync(file, pdf)
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    for (const s of ['Geschenkgutschein', 'CHF 50.00', v.code, 'For Eva Muster', 'Happy birthday!', 'Valid until', 'Redeemable in every branch', world.shop.name]) {
      expect(text).toContain(s)
    }
    if (process.env.VOUCHER_PDF_OUT) writeFileSync(process.env.VOUCHER_PDF_OUT, pdf)

    // With the shop's logo from its billing settings, the voucher carries it as a second picture.
    const images = (path: string) => execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim()).length
    const before = images(file)
    const logo = await QRCode.toDataURL('LOGO', { width: 200 })
    must(await ordo.api('PATCH', `/shops/${world.shop.code}/billing`, { logo }), 200)
    const withLogo = join(dir, 'voucher-logo.pdf')
    writeFileSync(withLogo, Buffer.from(await (await fetch(`${ordo.url}/api/v1/vouchers/${v.code}/pdf`, { headers: { authorization: `Bearer ${ordo.adminToken}` } })).arrayBuffer()))
    expect(images(withLogo)).toBeGreaterThan(before)
    expect(execFileSync('pdftotext', ['-layout', withLogo, '-'], { encoding: 'utf8' })).toContain(v.code)
    if (process.env.VOUCHER_PDF_OUT) writeFileSync(process.env.VOUCHER_PDF_OUT.replace(/\.pdf$/, '-logo.pdf'), readFileSync(withLogo))
  })
})

describe('shop scoping', () => {
  it("hides another shop's vouchers and licences: 404 by code, absent from searches", async () => {
    const a = await voucherWorld(1000)
    const b = await voucherWorld(1000)
    const { vouchers: [va] } = await buyVouchers(a)
    const { vouchers: [vb] } = await buyVouchers(b)
    const token = must(await ordo.api('POST', '/tokens', { name: 'shop A only', role: 'administrator', shops: [a.shop.code] }), 201).token
    const as = { authorization: `Bearer ${token}` }
    expect(must(await ordo.api('GET', `/vouchers/${va.code}`, undefined, as), 200).code).toBe(va.code)
    expectProblem(await ordo.api('GET', `/vouchers/${vb.code}`, undefined, as), 404, 'voucher_not_found')
    expectProblem(await ordo.api('POST', `/vouchers/${vb.code}/redemptions`, { amount: 1, reference: 'x' }, as), 404, 'voucher_not_found')
    const listed = must(await ordo.api('GET', '/vouchers?limit=200', undefined, as), 200).items
    expect(listed.every((v: any) => v.shop === a.shop.code)).toBe(true)
    expectProblem(await ordo.api('GET', `/voucher-layouts/${b.shop.code}`, undefined, as), 404, 'shop_not_found')
  })
})

describe('expiry', () => {
  it('expires active vouchers past their date, which can then not be redeemed until given a new date', async () => {
    const { expireVouchers } = await import('../src/vouchers/voucher.service.ts')
    const { systemActor } = await import('../src/auth/actor.ts')
    const world = await voucherWorld(4000)
    const { vouchers: [v, w] } = await buyVouchers(world, 2)
    must(await ordo.api('POST', `/vouchers/${w.code}/redemptions`, { amount: 4000, reference: 'all' }), 201)
    await ordo.db.updateTable('vouchers').set({ expires_at: new Date(Date.now() - 1000) }).where('code', 'in', [v.code, w.code]).execute()
    expectProblem(await ordo.api('POST', `/vouchers/${v.code}/redemptions`, { amount: 100, reference: 'late' }), 409, 'voucher_not_usable')
    const { expired } = await expireVouchers(ordo.db, systemActor('voucher-expiry'))
    expect(expired).toBeGreaterThanOrEqual(1)
    expect(must(await ordo.api('GET', `/vouchers/${v.code}`), 200).status).toBe('expired')
    // A spent voucher stays redeemed.
    expect(must(await ordo.api('GET', `/vouchers/${w.code}`), 200).status).toBe('redeemed')
    const history = must(await ordo.api('GET', `/vouchers/${v.code}/history`), 200).items
    expect(history.at(-1)).toMatchObject({ type: 'expire', actor: { name: 'voucher-expiry' } })
    const extended = must(await ordo.api('PATCH', `/vouchers/${v.code}`, { expiresAt: '2031-06-30T23:59:59.000Z' }), 200)
    expect(extended).toMatchObject({ status: 'active', balance: 4000 })
    must(await ordo.api('POST', `/vouchers/${v.code}/redemptions`, { amount: 100, reference: 'after extension' }), 201)
  })
})

describe('parallel orders paid with one voucher', () => {
  it('moves the balance with each order: together they never take more than it holds', async () => {
    const world = await voucherWorld(5000)
    const { vouchers: [v] } = await buyVouchers(world)
    const body = {
      shop: world.shop.code, customer: { id: world.customer.id },
      billingAddress: { name: 'Eva', street: 'Weg 1', postalCode: '8000', city: 'Zürich', country: 'CH' },
      lines: [{ sku: world.sku, quantity: 1 }], payment: { method: 'bank_transfer' }, vouchers: [v.code],
    }
    // Each order costs 5000; eight of them at once each try to pay with the voucher.
    const results = await Promise.all(Array.from({ length: 8 }, () => ordo.api('POST', '/orders', body)))
    const placed = results.filter((r) => r.status === 201).map((r) => r.body)
    for (const r of results.filter((x) => x.status !== 201)) expectProblem(r, 409, 'voucher_not_usable')
    const paidByVoucher = placed.reduce((s, o) => s + o.payment.captured, 0)
    expect(paidByVoucher).toBe(5000)
    expect(placed.filter((o) => o.payment.captured > 0)).toHaveLength(1)
    expect(must(await ordo.api('GET', `/vouchers/${v.code}`), 200)).toMatchObject({ balance: 0, status: 'redeemed' })
  })
})

describe('value chosen by the customer', () => {
  it('sells a voucher at the value chosen within the bounds, and refuses one outside them', async () => {
    const world = await voucherWorld(5000)
    expect(must(await ordo.api('PUT', `/products/${world.sku}/issue-settings`, { voucherChosenValue: { min: 1000, max: 20000 }, voucherValidityMonths: 12 }), 200))
      .toMatchObject({ voucherChosenValue: { min: 1000, max: 20000 }, voucherValidityMonths: 12 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.sku, quantity: 2, value: 7500 } as any], card())
    expect(order.totals.total).toBe(15000)
    const vouchers = must(await ordo.api('GET', `/vouchers?orderId=${order.id}`), 200).items
    expect(vouchers.map((v: any) => v.value)).toEqual([7500, 7500])
    expect(new Date(vouchers[0].expiresAt).getTime()).toBeLessThan(Date.now() + 366 * 86_400_000)
    const body = (value: number, sku = world.sku) => ({
      shop: world.shop.code, customer: { id: world.customer.id },
      billingAddress: { name: 'Eva', street: 'Weg 1', postalCode: '8000', city: 'Zürich', country: 'CH' },
      lines: [{ sku, quantity: 1, value }], payment: card(),
    })
    expectProblem(await ordo.api('POST', '/orders', body(50000)), 400, 'validation_failed')
    const fixed = await voucherWorld(5000)
    expectProblem(await ordo.api('POST', '/orders', { ...body(3000, fixed.sku), shop: fixed.shop.code }), 400, 'validation_failed')
    expectProblem(await ordo.api('PUT', `/products/${world.sku}/issue-settings`, { voucherChosenValue: { min: 5000, max: 100 } }), 400, 'validation_failed')
  })
})
