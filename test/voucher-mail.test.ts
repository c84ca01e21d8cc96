/** The delivery e-mail of vouchers and licences: codes and keys in the text, voucher PDFs attached. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SMTPServer } from 'smtp-server'
import { startOrdo, type Ordo } from './harness.ts'
import { card, createCustomer, createShop, must, placeOrder, uid } from './fixtures.ts'
import { workerFor } from './jobs-support.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

describe('the electronic delivery e-mail', () => {
  it('lists the voucher codes and licence keys, and attaches each voucher as PDF', async () => {
    const arrived: { to: string[]; data: string }[] = []
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, session, callback) {
        let data = ''
        stream.on('data', (c) => { data += c })
        stream.on('end', () => { arrived.push({ to: session.envelope.rcptTo.map((r) => r.address), data }); callback() })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.server.address() as { port: number }).port
    try {
      const shop = await createShop(ordo.api)
      const customer = await createCustomer(ordo.api)
      const gift = `GIFT-${uid()}`
      const app = `APP-${uid()}`
      must(await ordo.api('POST', '/products', { sku: gift, name: 'Gift voucher', kind: 'voucher', prices: { CHF: 2500 }, taxRate: 0 }), 201)
      must(await ordo.api('POST', '/products', { sku: app, name: 'Ordo Desktop', kind: 'licence', prices: { CHF: 9900 }, taxRate: 8.1 }), 201)
      const order = await placeOrder(ordo.api, { shop, customer }, [{ sku: gift, quantity: 2 }, { sku: app, quantity: 1 }], card())
      const vouchers = must(await ordo.api('GET', `/vouchers?orderId=${order.id}`), 200).items
      const [licence] = must(await ordo.api('GET', `/licences?orderId=${order.id}`), 200).items
      await workerFor(ordo, { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'shop@example.test' }).drain()

      const delivered = arrived.find((m) => m.to.includes(customer.email) && m.data.includes('has arrived'))!
      expect(delivered).toBeTruthy()
      const unfolded = delivered.data.replace(/=\r?\n/g, '')
      for (const v of vouchers) {
        expect(unfolded).toContain(v.code)
        expect(delivered.data).toContain(`filename=voucher-${v.code}.pdf`)
      }
      expect(unfolded).toContain(`Ordo Desktop: ${licence.key}`)
      expect(delivered.data.match(/Content-Type: application\/pdf/g)).toHaveLength(2)
      const outbox = must(await ordo.api('GET', `/mail?orderId=${order.id}`), 200).items.find((m: any) => m.event === 'delivery.delivered')
      expect(outbox.text).toContain(vouchers[0].code)
      expect(outbox.text).toContain(licence.key)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })

  it('e-mails the customer when a licence is renewed', async () => {
    const shop = await createShop(ordo.api)
    const customer = await createCustomer(ordo.api)
    const app = `APP-${uid()}`
    must(await ordo.api('POST', '/products', { sku: app, name: 'Ordo Server', kind: 'licence', prices: { CHF: 19900 }, taxRate: 8.1 }), 201)
    const order = await placeOrder(ordo.api, { shop, customer }, [{ sku: app, quantity: 1 }], card())
    const [licence] = must(await ordo.api('GET', `/licences?orderId=${order.id}`), 200).items
    must(await ordo.api('POST', `/licences/${licence.key}/renew`, { expiresAt: '2032-03-31T12:00:00.000Z' }), 200)
    await workerFor(ordo).drain()
    const renewal = must(await ordo.api('GET', `/mail?orderId=${order.id}`), 200).items.find((m: any) => m.event === 'licence.renewed')
    expect(renewal).toMatchObject({ to: [customer.email], subject: `Your licence ${licence.key} is renewed` })
    expect(renewal.text).toContain('valid until 2032-03-31')
  })

  it('refuses more than 500 vouchers on one line', async () => {
    const shop = await createShop(ordo.api)
    const customer = await createCustomer(ordo.api)
    const gift = `GIFT-${uid()}`
    must(await ordo.api('POST', '/products', { sku: gift, name: 'Gift voucher', kind: 'voucher', prices: { CHF: 1000 }, taxRate: 0 }), 201)
    const res = await ordo.api('POST', '/orders', {
      shop: shop.code, customer: { id: customer.id }, billingAddress: { name: 'Eva', street: 'Weg 1', postalCode: '8000', city: 'Zürich', country: 'CH' },
      lines: [{ sku: gift, quantity: 501 }], payment: card(),
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('validation_failed')
  })
})
