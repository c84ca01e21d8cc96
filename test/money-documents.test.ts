/** Invoices, credit notes and packing slips: issued at the right moment, numbered, stored as issued, scoped to the caller's shops. */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SMTPServer } from 'smtp-server'
import { startOrdo, type Ordo } from './harness.ts'
import { workerFor } from './jobs-support.ts'
import { advanceDelivery, card, deliveryAction, createWorld, expectProblem, must, orderAction, placeOrder, createProduct, setStock, uid } from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const documents = async (orderId: string) => must(await ordo.api('GET', `/orders/${orderId}/documents`), 200).items as any[]

async function pdf(doc: any, token = ordo.adminToken): Promise<{ status: number; buf: Buffer; type: string | null }> {
  const res = await fetch(`${ordo.url}${doc.url}`, { headers: { authorization: `Bearer ${token}` } })
  return { status: res.status, buf: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') }
}

async function textOf(doc: any): Promise<string> {
  const { status, buf, type } = await pdf(doc)
  expect(status).toBe(200)
  expect(type).toContain('application/pdf')
  mkdirSync('test-results', { recursive: true })
  const file = `test-results/${doc.kind}-${doc.number}.pdf`
  writeFileSync(file, buf)
  return execFileSync('pdftotext', ['-layout', file, '-']).toString()
}

async function billing(shop: string, settings: Record<string, unknown>) {
  return must(await ordo.api('PATCH', `/shops/${shop}/billing`, settings), 200)
}

describe('documents', () => {
  it('draws the PDF after the issuing change commits, once, and keeps it', async () => {
    const w = await createWorld(ordo.api, { price: 1500 })
    const a = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], card())
    const b = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], card())
    const [first] = await documents(a.id)
    const [second] = await documents(b.id)
    const stored = async (id: string) => {
      const { pdf } = await ordo.db.selectFrom('documents').select('pdf').where('id', '=', id).executeTakeFirstOrThrow()
      return pdf && Buffer.from(pdf)
    }
    // Issued: number and snapshot; no PDF drawn inside the placement.
    expect(first.number).toBe(`I${w.shop.code}-1`)
    expect(await stored(first.id)).toBeNull()
    // The worker draws what is waiting; a download before it draws (and keeps) it itself.
    const downloaded = (await pdf(second)).buf
    expect((await stored(second.id))!.equals(downloaded)).toBe(true)
    await workerFor(ordo).drain()
    const drawn = await stored(first.id)
    expect(drawn!.subarray(0, 5).toString()).toBe('%PDF-')
    expect((await pdf(first)).buf.equals(drawn!)).toBe(true)
    expect((await pdf(second)).buf.equals(downloaded)).toBe(true)
    expect(await textOf(first)).toContain(`Rechnung I${w.shop.code}-1`)
  })

  it('issues the invoice at placement with bank details and due date, and keeps it as issued', async () => {
    const w = await createWorld(ordo.api, { price: 2990 })
    await billing(w.shop.code, {
      legalName: 'Muster AG', iban: 'CH93 0076 2011 6238 5295 7', bic: 'POFICHBEXXX', vatId: 'CHE-123.456.789 MWST', paymentTermsDays: 30,
      address: { name: 'Muster AG', street: 'Seestrasse 5', postalCode: '8002', city: 'Zürich', country: 'CH' },
    })
    const order = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 2 }], { method: 'invoice' }, { shippingCost: 790 })
    expect(order.invoiceNumber).toBe(`I${w.shop.code}-1`)
    const [invoice] = await documents(order.id)
    expect(invoice).toMatchObject({ kind: 'invoice', number: `I${w.shop.code}-1`, total: 6770, tax: 507, currency: 'CHF' })
    const text = await textOf(invoice)
    // 59.80 incl. 8.1 %: 4.48; shipping 7.90: 0.59; base 67.70 - 5.07 = 62.63.
    for (const s of [`Rechnung I${w.shop.code}-1`, 'Muster AG', 'CHE-123.456.789 MWST', 'CH93 0076 2011 6238 5295 7', 'POFICHBEXXX', 'Zahlbar innert 30 Tagen']) expect(text).toContain(s)
    expect(text).toMatch(/8\.1%\s+CHF 62\.63\s+CHF 5\.07/)
    expect(text).toMatch(/Total\s+CHF 67\.70/)
    // A Swiss QR-bill payment part for the transfer: account, payee, amount.
    expect(text).toContain('Zahlteil')
    expect(text).toMatch(/Konto \/ Zahlbar an\s+CH93 0076 2011 6238 5295 7/)
    expect(text).toContain('67.70')

    // Later changes to the shop do not touch the invoice already issued.
    const before = (await pdf(invoice)).buf
    await billing(w.shop.code, { legalName: 'Neuer Name GmbH', iban: 'CH5604835012345678009' })
    const after = (await pdf(invoice)).buf
    expect(after.equals(before)).toBe(true)
    expect(await textOf(invoice)).not.toContain('Neuer Name')
  })

  it('issues a card order\'s invoice when the card\'s answer is recorded, with the seller as the shop set it', async () => {
    const w = await createWorld(ordo.api, { price: 2990 })
    await billing(w.shop.code, {
      legalName: 'Karten AG', vatId: 'CHE-987.654.321 MWST',
      address: { name: 'Karten AG', street: 'Bahnhofplatz 9', postalCode: '3011', city: 'Bern', country: 'CH' },
    })
    const order = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], { method: 'card', capture: 'immediate', token: 'test_ok' })
    expect(order).toMatchObject({ paymentStatus: 'paid', invoiceNumber: `I${w.shop.code}-1` })
    const [invoice] = await documents(order.id)
    expect(invoice).toMatchObject({ kind: 'invoice', number: `I${w.shop.code}-1`, total: 2990 })
    const text = await textOf(invoice)
    for (const s of [`Rechnung I${w.shop.code}-1`, 'Karten AG', 'CHE-987.654.321 MWST', 'Bahnhofplatz 9', '3011 Bern']) expect(text).toContain(s)
  })

  it('issues a credit note with its own numbering when an invoiced order is cancelled, and for cancelled lines', async () => {
    const w = await createWorld(ordo.api, { price: 1000 })
    await billing(w.shop.code, { creditNotePrefix: 'GS-' })
    const other = await createProduct(ordo.api, { prices: { CHF: 2500 }, taxRate: 2.6 })
    await setStock(ordo.api, w.warehouse.code, other.sku, 10)
    const order = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 3 }, { sku: other.sku, quantity: 1 }], { method: 'invoice' }, { shippingCost: 500 })
    const line = order.lines.find((l: any) => l.sku === w.product.sku)
    must(await orderAction(ordo.api, order.id, 'cancel-lines', { lines: [{ lineId: line.id, quantity: 1 }] }), 200)
    let docs = await documents(order.id)
    expect(docs.map((d) => [d.kind, d.number])).toEqual([['invoice', `I${w.shop.code}-1`], ['credit_note', 'GS-1']])
    // One unit of 10.00 incl. 8.1 %: tax 0.75.
    expect(docs[1]).toMatchObject({ total: 1000, tax: 75 })
    const cn = await textOf(docs[1])
    expect(cn).toContain('Gutschrift GS-1')
    expect(cn).toMatch(new RegExp(`Korrigiert Rechnung:\\s+I${w.shop.code}-1`))

    must(await orderAction(ordo.api, order.id, 'cancel', {}), 200)
    docs = await documents(order.id)
    expect(docs.map((d) => d.number)).toEqual([`I${w.shop.code}-1`, 'GS-1', 'GS-2'])
    // The rest: 2 x 10.00 + 25.00 + shipping 5.00 = 50.00; all credits add up to the invoice.
    expect(docs[2].total).toBe(5000)
    expect(docs[1].total + docs[2].total).toBe(docs[0].total)
    expect(docs[1].tax + docs[2].tax).toBe(docs[0].tax)
    const text = await textOf(docs[2])
    expect(text).toMatch(/2\.6%\s+CHF 24\.37\s+CHF 0\.63/)
    // Cancelling again issues nothing more.
    expect(await documents(order.id)).toHaveLength(3)
  })

  it('issues a credit note for the money a return or a goodwill refund gives back', async () => {
    const w = await createWorld(ordo.api, { price: 1000 })
    await billing(w.shop.code, { creditNotePrefix: 'CN-' })
    const other = await createProduct(ordo.api, { prices: { CHF: 2500 }, taxRate: 2.6 })
    await setStock(ordo.api, w.warehouse.code, other.sku, 10)
    const placed = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 2 }, { sku: other.sku, quantity: 1 }], card(), { shippingCost: 500 })
    const order = await advanceDelivery(ordo.api, placed.id, placed.deliveries[0].id, 'delivered')
    const mug = order.lines.find((l: any) => l.sku === w.product.sku)

    const rma = must(await ordo.api('POST', `/orders/${order.id}/returns`, { lines: [{ lineId: mug.id, quantity: 1 }], reason: 'Broken handle' }), 201)
    must(await ordo.api('POST', `/returns/${rma.id}/actions/receive`, { lines: [{ lineId: mug.id, quantity: 1, disposition: 'restock' }] }), 200)
    must(await ordo.api('POST', `/returns/${rma.id}/actions/refund`, { reason: 'Returned' }), 200)
    let docs = (await documents(order.id)).filter((d) => d.kind === 'credit_note')
    // One mug of 10.00 incl. 8.1 %: tax 0.75, as refunded.
    expect(docs).toEqual([expect.objectContaining({ number: 'CN-1', total: 1000, tax: 75 })])
    const returned = await textOf(docs[0])
    expect(returned).toContain(`${rma.number}: Returned`)
    expect(returned).toContain(w.product.sku)

    must(await orderAction(ordo.api, order.id, 'refund', { amount: 700, reason: 'Late delivery' }), 200)
    docs = (await documents(order.id)).filter((d) => d.kind === 'credit_note')
    expect(docs.map((d) => [d.number, d.total])).toEqual([['CN-1', 1000], ['CN-2', 700]])
    const goodwill = await textOf(docs[1])
    expect(goodwill).toContain('Late delivery')
    // Spread over both rates of the invoice, in proportion to their gross.
    expect(goodwill).toMatch(/8\.1%/)
    expect(goodwill).toMatch(/2\.6%/)
    const after = must(await ordo.api('GET', `/orders/${order.id}`), 200)
    expect(docs[0].total + docs[1].total).toBe(after.payment.refunded)
    // A refund the gateway refuses gives nothing back and issues no credit note.
    expectProblem(await orderAction(ordo.api, order.id, 'refund', { amount: 100_000, reason: 'Too much' }), 422)
    expect((await documents(order.id)).filter((d) => d.kind === 'credit_note')).toHaveLength(2)
  })

  it('issues no credit note for an order cancelled before it was invoiced', async () => {
    const w = await createWorld(ordo.api)
    const order = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], { method: 'bank_transfer' })
    expect(order.invoiceNumber).toBeNull()
    must(await orderAction(ordo.api, order.id, 'cancel', {}), 200)
    expect(await documents(order.id)).toEqual([])
  })

  it('invoices at payment or at shipment when the shop says so', async () => {
    const w = await createWorld(ordo.api)
    await billing(w.shop.code, { invoiceAt: 'payment' })
    const paid = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], { method: 'bank_transfer' })
    expect(await documents(paid.id)).toEqual([])
    const confirmed = must(await orderAction(ordo.api, paid.id, 'confirm-payment', {}), 200)
    expect(confirmed.invoiceNumber).toBe(`I${w.shop.code}-1`)
    expect((await documents(paid.id)).map((d) => d.kind)).toEqual(['invoice'])

    await billing(w.shop.code, { invoiceAt: 'shipment' })
    const order = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], card())
    expect(order.invoiceNumber).toBeNull()
    const d = order.deliveries[0]
    await advanceDelivery(ordo.api, order.id, d.id, 'packing')
    expect((await documents(order.id)).map((x) => x.kind)).toEqual(['packing_slip'])
    must(await deliveryAction(ordo.api, order.id, d.id, 'ready'), 200)
    const shipped = must(await deliveryAction(ordo.api, order.id, d.id, 'ship', { carrier: 'Post CH', trackingNumber: 'TRK1' }), 200)
    expect(shipped.invoiceNumber).toBe(`I${w.shop.code}-2`)
    expect((await documents(order.id)).map((x) => x.kind)).toEqual(['packing_slip', 'invoice'])
  })

  it('makes a packing slip per delivery: no prices, the delivery number as a barcode', async () => {
    const w = await createWorld(ordo.api, { price: 4990 })
    const order = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 4 }], card())
    const d = order.deliveries[0]
    await advanceDelivery(ordo.api, order.id, d.id, 'packing')
    const slip = (await documents(order.id)).find((x) => x.kind === 'packing_slip')
    expect(slip).toMatchObject({ number: d.number, deliveryId: d.id, total: 0 })
    const text = await textOf(slip)
    expect(text).toContain(`Lieferschein ${d.number}`)
    expect(text).toContain(w.product.sku)
    expect(text).not.toContain('49.90')
    expect(text).not.toContain('CHF')
    // The barcode is an image: pdfimages lists it.
    const images = execFileSync('pdfimages', ['-list', `test-results/packing_slip-${d.number}.pdf`]).toString()
    expect(images.split('\n').length).toBeGreaterThan(3)
    // Packing again later does not make a second slip.
    must(await deliveryAction(ordo.api, order.id, d.id, 'ready'), 200)
    must(await deliveryAction(ordo.api, order.id, d.id, 'ship', { carrier: 'Post CH', trackingNumber: 'TRK2' }), 200)
    expect((await documents(order.id)).filter((x) => x.kind === 'packing_slip')).toHaveLength(1)
  })

  it("hides another shop's documents (404) from a user who only sees one shop", async () => {
    const w = await createWorld(ordo.api)
    const mine = await createWorld(ordo.api)
    const order = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], { method: 'invoice' })
    const [invoice] = await documents(order.id)
    const token = must(await ordo.api('POST', '/tokens', { name: 'finance of one shop', role: 'finance', shops: [mine.shop.code] }), 201).token
    expect((await pdf(invoice, token)).status).toBe(404)
    const list = await fetch(`${ordo.url}/api/v1/orders/${order.id}/documents`, { headers: { authorization: `Bearer ${token}` } })
    expect(list.status).toBe(404)
    expectProblem(await ordo.api('GET', '/documents/not-a-uuid.pdf'), 404, 'document_not_found')
  })

  it('attaches the invoice PDF to the e-mail when the shop has a template for it', async () => {
    const arrived: string[] = []
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, _session, callback) {
        let data = ''
        stream.on('data', (c) => { data += c })
        stream.on('end', () => { arrived.push(data); callback() })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.server.address() as { port: number }).port
    try {
      const w = await createWorld(ordo.api)
      must(await ordo.api('PUT', `/shops/${w.shop.code}/mail/templates/invoice.issued/customer`, {
        subject: 'Rechnung {{ event.number }}', text: 'Ihre Rechnung {{ event.number }} über {{ event.total | money }} {{ order.totals.currency }} liegt bei.', html: '<p>Ihre Rechnung {{ event.number }}</p>',
      }), 200)
      const order = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], { method: 'invoice' })
      await workerFor(ordo, { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'shop@example.test' }).drain()
      const mail = arrived.find((m) => m.includes(`Rechnung ${order.invoiceNumber}`))
      expect(mail, arrived.map((m) => m.slice(0, 300)).join('\n---\n')).toBeTruthy()
      expect(mail).toContain('application/pdf')
      expect(mail).toContain(`invoice-${order.invoiceNumber}.pdf`)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
