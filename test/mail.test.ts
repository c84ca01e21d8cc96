/** E-mail notifications (A22): the outbox, templates per shop with preview, rules, and real SMTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { SMTPServer } from 'smtp-server'
import { startOrdo, type Ordo } from './harness.ts'
import { advanceDelivery, card, createWorld, expectProblem, must, orderAction, placeOrder } from './fixtures.ts'
import { fastForward, workerFor } from './jobs-support.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const mailOf = async (orderId: string) => must(await ordo.api('GET', `/mail?orderId=${orderId}`), 200).items as any[]

describe('e-mails from order events', () => {
  it('writes the confirmation, payment and shipping e-mails to the outbox, with tracking link and escaped HTML', async () => {
    const world = await createWorld(ordo.api)
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], card())
    await advanceDelivery(ordo.api, order.id, order.deliveries[0].id, 'shipped')
    await ordo.db.updateTable('deliveries').set({ carrier: 'Post CH' }).where('id', '=', order.deliveries[0].id).execute()
    await workerFor(ordo).drain()

    const mail = await mailOf(order.id)
    expect(mail.map((m) => m.event).sort()).toEqual(['delivery.shipped', 'order.paid', 'order.placed'])
    const confirmation = mail.find((m) => m.event === 'order.placed')
    expect(confirmation.to).toEqual([world.customer.email])
    expect(confirmation.transport).toBe('outbox')
    expect(confirmation.subject).toBe(`Your order ${order.number}`)
    expect(confirmation.text).toContain(`2 x ${world.product.name}`)
    expect(confirmation.text).toContain((order.totals.total / 100).toFixed(2))
    expect(confirmation.html).toContain('<b>')
    const shipped = mail.find((m) => m.event === 'delivery.shipped')
    expect(shipped.text).toContain('https://service.post.ch/')
  })

  it('lets a shop edit a template, preview it with a real order, switch an e-mail off and send it elsewhere', async () => {
    const world = await createWorld(ordo.api)
    const shop = world.shop.code
    const first = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const template = { subject: 'Danke {{ order.customer.name }}', text: 'Bestellung {{ order.number }}', html: '<p>{{ order.customer.name }}</p>' }
    must(await ordo.api('PUT', `/shops/${shop}/mail/templates/order.placed/customer`, template), 200)
    const preview = must(await ordo.api('POST', `/shops/${shop}/mail/preview`, { event: 'order.placed', recipient: 'customer', orderId: first.id }), 200)
    expect(preview).toEqual({ subject: `Danke ${world.customer.name}`, text: `Bestellung ${first.number}`, html: `<p>${world.customer.name}</p>` })
    const escaped = must(await ordo.api('POST', `/shops/${shop}/mail/preview`, {
      event: 'order.placed', recipient: 'customer', orderId: first.id, template: { ...template, html: '<p>{{ event.type | append: "<script>" }}</p>' },
    }), 200)
    expect(escaped.html).toBe('<p>order.placed&lt;script&gt;</p>')
    expectProblem(await ordo.api('PUT', `/shops/${shop}/mail/templates/order.placed/customer`, { ...template, text: '{% if %}' }), 400, 'template_invalid')
    expectProblem(await ordo.api('PUT', `/shops/${shop}/mail/templates/order.exploded/customer`, template), 400, 'validation_failed')

    must(await ordo.api('PUT', `/shops/${shop}/mail/rules/order.paid/customer`, { enabled: false }), 200)
    must(await ordo.api('PUT', `/shops/${shop}/mail/rules/order.placed/customer`, { enabled: true, addresses: ['orders@example.test', 'ceo@example.test'] }), 200)
    const settings = must(await ordo.api('GET', `/shops/${shop}/mail/templates`), 200).items
    expect(settings.find((s: any) => s.event === 'order.paid' && s.recipient === 'customer').enabled).toBe(false)
    expect(settings.find((s: any) => s.event === 'order.placed' && s.recipient === 'customer').custom).toBe(true)

    const second = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    await workerFor(ordo).drain()
    const mail = await mailOf(second.id)
    expect(mail.map((m) => m.event)).toEqual(['order.placed'])
    expect(mail[0].to).toEqual(['orders@example.test', 'ceo@example.test'])
    expect(mail[0].subject).toBe(`Danke ${world.customer.name}`)
  })

  it('includes the client-facing note in the cancellation', async () => {
    const world = await createWorld(ordo.api)
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
    must(await orderAction(ordo.api, order.id, 'cancel', { clientNote: 'Sorry, this article is discontinued.' }), 200)
    await workerFor(ordo).drain()
    const cancelled = (await mailOf(order.id)).find((m) => m.event === 'order.cancelled')
    expect(cancelled.text).toContain('Sorry, this article is discontinued.')
  })
})

describe('e-mails in batches', () => {
  it('mails a rush of orders once each; a broken template fails only its own jobs; a retry sends nothing twice', async () => {
    const world = await createWorld(ordo.api, { stock: 100 })
    const shop = world.shop.code
    // Stored before templates were checked on save: it no longer renders.
    await ordo.db.insertInto('mail_templates').values({ shop_code: shop, event: 'order.paid', recipient: 'customer', subject: 'Paid', text_body: '{% if %}', html_body: '<p></p>' }).execute()
    const orders = []
    for (let i = 0; i < 6; i++) orders.push(await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card()))
    const ids = orders.map((o) => o.id)
    const jobsOf = (event: string) => ordo.db.selectFrom('jobs').innerJoin('events', (j) => j.on(sql`(jobs.payload->>'eventId')::bigint`, '=', sql.ref('events.id')))
      .select(['jobs.id', 'jobs.state', 'jobs.last_error', 'jobs.result']).where('jobs.kind', '=', 'mail.send').where('events.type', '=', event)
      .where('events.order_id', 'in', ids).execute()

    await workerFor(ordo).drain()
    const placedJobs = await jobsOf('order.placed'), paidJobs = await jobsOf('order.paid')
    expect(placedJobs.map((j) => j.state)).toEqual(Array(6).fill('done'))
    expect(paidJobs.map((j) => j.state)).toEqual(Array(6).fill('queued'))
    expect(paidJobs.every((j) => j.last_error?.includes('text'))).toBe(true)
    for (const order of orders) expect((await mailOf(order.id)).map((m) => m.event)).toEqual(['order.placed'])

    // The template is mended; one e-mail already sent is run again, as after a lost lease.
    await ordo.db.deleteFrom('mail_templates').where('shop_code', '=', shop).execute()
    await ordo.db.updateTable('jobs').set({ state: 'queued', locked_by: null }).where('id', '=', placedJobs[0].id).execute()
    await fastForward(ordo.db)
    await workerFor(ordo).drain()
    for (const order of orders) expect((await mailOf(order.id)).map((m) => m.event).sort()).toEqual(['order.paid', 'order.placed'])
    expect((await jobsOf('order.paid')).map((j) => j.state)).toEqual(Array(6).fill('done'))
    const again = (await jobsOf('order.placed')).find((j) => j.id === placedJobs[0].id)!
    expect(again).toMatchObject({ state: 'done', result: { already: true } })
  })
})

describe('SMTP', () => {
  it('sends through a real SMTP server when SMTP_URL is set', async () => {
    const arrived: { from: string; to: string[]; data: string }[] = []
    const server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, session, callback) {
        let data = ''
        stream.on('data', (c) => { data += c })
        stream.on('end', () => {
          arrived.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), data })
          callback()
        })
      },
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.server.address() as { port: number }).port
    try {
      const world = await createWorld(ordo.api)
      const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'bank_transfer' })
      await workerFor(ordo, { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'shop@example.test' }).drain()
      const mine = arrived.filter((m) => m.to.includes(world.customer.email))
      expect(mine.length).toBe(2)
      const payment = mine.find((m) => m.data.includes(`Payment for your order ${order.number}`))!
      expect(payment.from).toBe('shop@example.test')
      expect(payment.data).toMatch(/multipart\/alternative/)
      expect(payment.data).toContain('text/html')
      const sent = await mailOf(order.id)
      expect(sent.every((m) => m.transport === 'smtp' && m.messageId)).toBe(true)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
