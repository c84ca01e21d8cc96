/**
 * Each desk's task in a real browser: the warehouse packs, readies and ships ten deliveries
 * in bulk and one by scanner; finance finds and confirms an outstanding payment and downloads
 * the list; the administrator makes a token and a webhook (log and redelivery) and edits and
 * previews a template. Also: the list page kept across an order, a session ended with a
 * dialog open, the keyboard's way to the first order, compact rows and phone cards.
 * Screenshots at 1366x768 and 390x844 go to test-results/.
 */
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Browser, Page } from 'playwright-core'
import { startOrdo, type Ordo } from '../harness.ts'
import { card, createWorld, must, placeOrder, uid, type World } from '../fixtures.ts'
import { startReceiver, workerFor } from '../jobs-support.ts'
import { errorsOf, launch, loggedIn, screenshots } from './browser.ts'

process.env.ORDO_WEBHOOKS_ALLOW_PRIVATE = '1'

let ordo: Ordo
let browser: Browser
let world: World
const password = 'desk-test-password'
const email = (who: string) => `${who}-${uid().toLowerCase()}@example.test`
const users = { admin: email('admin'), packer: email('packer'), shipper: email('shipper'), finance: email('finance') }
const toShip: any[] = []
const unpaid: any[] = []

beforeAll(async () => {
  ordo = await startOrdo()
  browser = await launch()
  for (const [who, role] of [['admin', 'administrator'], ['packer', 'fulfilment'], ['shipper', 'logistics'], ['finance', 'finance']] as const) {
    must(await ordo.api('POST', '/users', { email: users[who], name: `${who[0].toUpperCase()}${who.slice(1)} Person`, role, password }), 201)
  }
  world = await createWorld(ordo.api, { stock: 200 })
  for (let i = 0; i < 12; i++) toShip.push(await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 + (i % 3) }], card('test_ok', 'on_shipment')))
  for (let i = 0; i < 3; i++) unpaid.push(await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], { method: 'bank_transfer' }))
})

afterAll(async () => {
  await browser?.close()
  await ordo?.close()
})

/** The page at laptop size, then at phone size (390x844), and back. */
async function shoot(page: Page, name: string) {
  await page.screenshot({ path: resolve(screenshots, `${name}.png`) })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.waitForTimeout(150)
  await page.screenshot({ path: resolve(screenshots, `${name}-phone.png`) })
  await page.setViewportSize({ width: 1366, height: 768 })
}
const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).first().waitFor()
const deliveryStates = async () => (await ordo.db.selectFrom('deliveries').select('status').where('order_id', 'in', toShip.map((o) => o.id)).execute()).map((d) => d.status)

describe('the warehouse desk', () => {
  it('packs twelve deliveries and marks them ready in two bulk steps', async () => {
    const packer = await loggedIn(browser, ordo.url, users.packer, password)
    await packer.getByRole('link', { name: 'Deliveries' }).click()
    await packer.getByRole('heading', { name: 'Deliveries' }).waitFor()
    await expect.poll(() => packer.locator('table.queue tbody tr').count(), { timeout: 20_000 }).toBe(12)
    // Oldest first.
    expect(await packer.locator('table.queue tbody tr').first().textContent()).toContain(toShip[0].number)
    await packer.getByRole('button', { name: /^To pack/ }).getByText('12').waitFor()
    await packer.getByRole('checkbox', { name: 'Select all' }).check()
    await packer.getByRole('button', { name: 'Pack 12', exact: true }).click()
    await status(packer, 'Pack: 12 of 12 done')
    await shoot(packer, 'deliveries-packed')

    await packer.getByRole('button', { name: /^Packing( \d+)?$/ }).click()
    await expect.poll(() => packer.locator('table.queue tbody tr').count(), { timeout: 20_000 }).toBe(12)
    await packer.getByRole('checkbox', { name: 'Select all' }).check()
    await packer.getByRole('button', { name: 'Ready to ship 12', exact: true }).click()
    await status(packer, 'Ready to ship: 12 of 12 done')
    expect(new Set(await deliveryStates())).toEqual(new Set(['ready_to_ship']))
    // A packer ships nothing.
    expect(await packer.getByRole('button', { name: /^Ship \d/ }).count()).toBe(0)
    expect(errorsOf(packer)).toEqual([])
    await packer.context().close()
  })

  it('ships ten deliveries in bulk with a carrier from the list and a tracking number per row', async () => {
    const shipper = await loggedIn(browser, ordo.url, users.shipper, password)
    await shipper.goto('/deliveries?status=ready_to_ship')
    await expect.poll(() => shipper.locator('table.queue tbody tr').count(), { timeout: 20_000 }).toBe(12)
    await shipper.getByLabel('Carrier').selectOption('DHL')
    for (const o of toShip.slice(0, 10)) {
      await shipper.getByLabel(`Tracking number for ${o.deliveries[0].number}`).fill(`JD${o.number.replace(/\D/g, '')}`)
    }
    await shipper.getByRole('button', { name: 'Ship 10 with DHL', exact: true }).click()
    await status(shipper, 'Ship: 10 of 10 done')
    await shoot(shipper, 'deliveries-shipped')
    const shipped = await ordo.db.selectFrom('deliveries').select(['order_id', 'status', 'carrier', 'tracking_number'])
      .where('order_id', 'in', toShip.slice(0, 10).map((o) => o.id)).execute()
    expect(shipped.every((d) => d.status === 'shipped' && d.carrier === 'DHL' && d.tracking_number?.startsWith('JD'))).toBe(true)

    // Shipped rows link their tracking number to the carrier.
    await shipper.getByRole('button', { name: /^Shipped/ }).click()
    const link = shipper.getByRole('link', { name: `JD${toShip[0].number.replace(/\D/g, '')}` })
    expect(await link.getAttribute('href')).toContain('dhl.com')
    expect(errorsOf(shipper)).toEqual([])
    await shipper.context().close()
  })

  it('ships one more with the scanner: delivery number, Enter, tracking number, Enter', async () => {
    const shipper = await loggedIn(browser, ordo.url, users.shipper, password)
    await shipper.goto('/deliveries?status=ready_to_ship')
    const scan = shipper.getByLabel('Scan a delivery number')
    await scan.fill(toShip[10].deliveries[0].number)
    await scan.press('Enter')
    const tracking = shipper.getByLabel(`Tracking number for ${toShip[10].deliveries[0].number}`).first()
    await shipper.getByText('now scan its tracking number').waitFor()
    await shipper.locator('.scanner input').fill('SCAN-0001')
    await shipper.locator('.scanner input').press('Enter')
    await status(shipper, `Shipped delivery ${toShip[10].deliveries[0].number}`)
    expect(await tracking.count()).toBeGreaterThanOrEqual(0)
    const d = await ordo.db.selectFrom('deliveries').select(['status', 'tracking_number']).where('order_id', '=', toShip[10].id).executeTakeFirstOrThrow()
    expect(d).toEqual({ status: 'shipped', tracking_number: 'SCAN-0001' })
    // A number that is not there is said so.
    await shipper.locator('.scanner input').fill('NO-SUCH-DELIVERY')
    await shipper.locator('.scanner input').press('Enter')
    await shipper.getByText('No delivery NO-SUCH-DELIVERY here.').waitFor()
    await shipper.context().close()
  })
})

describe('the finance desk', () => {
  it('sees what is outstanding, confirms a payment from the list, and downloads the list', async () => {
    const finance = await loggedIn(browser, ordo.url, users.finance, password)
    await finance.getByRole('link', { name: 'Payments' }).click()
    await finance.getByRole('heading', { name: 'Payments' }).waitFor()
    const owed = unpaid.reduce((n, o) => n + o.totals.total, 0) / 100
    const total = finance.locator('.total-card').filter({ hasText: 'CHF' })
    await expect.poll(async () => (await total.textContent()) ?? '').toMatch(new RegExp(`${Math.floor(owed)}[.,]${String(Math.round((owed % 1) * 100)).padStart(2, '0')}`))
    await expect.poll(async () => (await total.textContent()) ?? '').toContain('3 orders')
    await shoot(finance, 'payments')

    const target = unpaid[1]
    await finance.getByRole('searchbox', { name: 'Search' }).fill(target.number)
    await finance.getByRole('searchbox', { name: 'Search' }).press('Enter')
    await expect.poll(() => finance.locator('table.payments tbody tr').count()).toBe(1)
    expect(await finance.locator('table.payments tbody tr').textContent()).toContain('Bank transfer')
    await finance.getByRole('button', { name: `Confirm payment of ${target.number}` }).click()
    const dialog = finance.getByRole('dialog')
    await dialog.getByLabel('Internal note (audit trail)').fill('Seen on the bank statement')
    await dialog.getByRole('button', { name: 'Confirm payment', exact: true }).click()
    await status(finance, 'Done: Confirm payment')
    const order: any = must(await ordo.api('GET', `/orders/${target.id}`), 200)
    expect(order.paymentStatus).toBe('paid')

    // The download follows the filters: all that is outstanding now.
    await finance.goto('/payments')
    const href = await finance.getByRole('link', { name: 'Download CSV' }).getAttribute('href')
    const csv = await finance.request.get(href!)
    expect(csv.status()).toBe(200)
    expect(await csv.text()).toContain(unpaid[0].number)
    expect(await csv.text()).not.toContain(target.number) // paid now
    const xml = await finance.request.get((await finance.getByRole('link', { name: 'Download XML' }).getAttribute('href'))!)
    expect(xml.status()).toBe(200)
    expect(await xml.text()).toContain('<')
    expect(errorsOf(finance)).toEqual([])
    await finance.context().close()
  })
})

describe('the administrator', () => {
  let admin: Page
  beforeAll(async () => { admin = await loggedIn(browser, ordo.url, users.admin, password) })

  it('creates an API token that works, and revokes it', async () => {
    await admin.getByRole('link', { name: 'Admin' }).click()
    await admin.getByRole('link', { name: 'API tokens' }).click()
    await admin.getByLabel('Name (what uses it)').fill('ERP connector')
    await admin.getByLabel('Role').selectOption('read_only')
    await admin.getByRole('button', { name: 'Create token' }).click()
    const token = (await admin.getByTestId('secret').textContent())!.trim()
    expect((await ordo.raw('GET', '/api/v1/orders?limit=1', undefined, { authorization: `Bearer ${token}` })).status).toBe(200)
    await admin.getByRole('row').filter({ hasText: 'ERP connector' }).waitFor()
    await shoot(admin, 'admin-tokens')
    await admin.getByRole('row').filter({ hasText: 'ERP connector' }).getByRole('button', { name: 'Revoke' }).click()
    await admin.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click()
    await admin.getByRole('row').filter({ hasText: 'ERP connector' }).getByText('Revoked').waitFor()
    expect((await ordo.raw('GET', '/api/v1/orders?limit=1', undefined, { authorization: `Bearer ${token}` })).status).toBe(401)
  })

  it('adds a webhook, reads its delivery log and redelivers a failed delivery', async () => {
    const receiver = await startReceiver((n) => (n === 0 ? 500 : 200))
    try {
      await admin.getByRole('link', { name: 'Webhooks' }).click()
      await admin.getByLabel('URL').fill(receiver.url)
      await admin.getByLabel('Events').fill('order.placed')
      await admin.getByRole('button', { name: 'Add webhook' }).click()
      await admin.getByTestId('secret').waitFor()
      await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
      await workerFor(ordo).drain()
      const log = admin.locator('.log')
      // The receiver answered 500: the log says so (and the delivery waits for its next attempt).
      await log.getByRole('row').filter({ hasText: '500' }).waitFor({ timeout: 15_000 })
      await shoot(admin, 'admin-webhooks')
      const sent = receiver.received.length
      await log.getByRole('row').filter({ hasText: '500' }).getByRole('button', { name: 'Redeliver' }).click()
      await status(admin, 'Sent again')
      await workerFor(ordo).drain()
      await log.getByRole('row').filter({ hasText: 'Succeeded' }).first().waitFor({ timeout: 15_000 })
      // Sent once more, with the webhook-id of the one that failed.
      expect(receiver.received.length).toBe(sent + 1)
      expect(receiver.received.at(-1)!.id).toBe(receiver.received[0].id)
    } finally {
      await receiver.close()
    }
  })

  it('edits an e-mail template and previews it with a real order', async () => {
    await admin.getByRole('link', { name: 'E-mail templates' }).click()
    await admin.getByRole('button', { name: /^Order placed.*to customer/ }).click()
    const subject = admin.getByLabel('Subject')
    await subject.fill('Thank you, {{ order.customer.name }}: order {{ order.number }} is in')
    await admin.getByRole('button', { name: 'Preview' }).click()
    await admin.getByTestId('preview-subject').filter({ hasText: 'Thank you,' }).waitFor()
    const shown = await admin.getByTestId('preview-subject').textContent()
    expect(shown).toMatch(/Thank you, .+: order .+ is in/)
    expect(shown).not.toContain('{{')
    await admin.getByRole('button', { name: 'Save template' }).click()
    await status(admin, 'Template saved')
    const saved: any = must(await ordo.api('GET', `/shops/${world.shop.code}/mail/templates`), 200)
    expect(saved.items.find((t: any) => t.event === 'order.placed' && t.recipient === 'customer')).toMatchObject({ custom: true, subject: expect.stringContaining('Thank you') })
    await shoot(admin, 'admin-templates')
  })

  it('reaches staff, roles, outbox, exporters, jobs and the audit log', async () => {
    for (const [link, heading] of [['Staff', 'Staff'], ['Roles', 'Roles'], ['Mail outbox', 'Mail outbox'], ['Exporters', 'Exporters'], ['Jobs', 'Jobs'], ['Audit log', 'Audit log']]) {
      await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: link }).click()
      await admin.getByRole('heading', { name: heading, exact: true }).waitFor()
      await admin.locator('[role=status]:has-text("Loading")').waitFor({ state: 'detached' })
      await shoot(admin, `admin-${link.toLowerCase().replace(/ /g, '-')}`)
    }
    await admin.getByRole('cell', { name: /Token create/i }).first().waitFor()
    expect(errorsOf(admin)).toEqual([])
  })
})

describe('the order desk', () => {
  let admin: Page
  beforeAll(async () => { admin = await loggedIn(browser, ordo.url, users.admin, password) })

  it('keeps the page of the list when going to an order and back', async () => {
    await admin.goto('/orders?limit=5')
    await admin.getByRole('button', { name: 'Next' }).click()
    await admin.getByText('Page 2').waitFor()
    const second = (await admin.locator('table.orders .order-link').first().textContent())!
    await admin.locator('table.orders .order-link').first().click()
    await admin.getByRole('heading', { name: `Order ${second}` }).waitFor()
    await admin.locator('.crumbs').getByRole('link', { name: 'Orders' }).click()
    await admin.getByText('Page 2').waitFor()
    expect(await admin.locator('table.orders .order-link').first().textContent()).toBe(second)
    await admin.getByRole('button', { name: 'Previous' }).click()
    await admin.getByText('Page 1').waitFor()
    // The browser's Back goes to page 2 again, with its own Previous still working.
    await admin.goBack()
    await admin.getByText('Page 2').waitFor()
    expect(await admin.locator('table.orders .order-link').first().textContent()).toBe(second)
  })

  it('reaches the first order from the keyboard in four presses', async () => {
    await admin.goto('/orders')
    await admin.locator('table.orders .order-link').first().waitFor()
    await admin.keyboard.press('Tab')
    await admin.keyboard.press('Enter')
    await admin.keyboard.press('Tab')
    await admin.keyboard.press('Enter')
    const focused = await admin.evaluate<string | undefined>('document.activeElement?.className')
    expect(focused).toContain('order-link')
  })

  it('shows compact rows, row actions in a menu, and phone cards', async () => {
    await admin.goto('/orders')
    await admin.locator('table.orders tbody tr').first().waitFor()
    const comfortable = await admin.locator('table.orders tbody tr').count()
    const heightBefore = (await admin.locator('table.orders tbody tr').first().boundingBox())!.height
    await admin.getByRole('button', { name: 'Compact' }).click()
    const heightAfter = (await admin.locator('table.orders tbody tr').first().boundingBox())!.height
    expect(heightAfter).toBeLessThan(heightBefore)
    if (process.env.SHOW_SIZES) console.log('row height', heightBefore, heightAfter)
    expect(comfortable).toBeGreaterThan(0)
    await admin.screenshot({ path: resolve(screenshots, 'order-list-compact.png') })
    const menu = admin.getByRole('row').filter({ hasText: unpaid[0].number }).getByLabel(`Actions for order ${unpaid[0].number}`)
    await menu.click()
    await admin.getByRole('menuitem', { name: 'Cancel order' }).waitFor()
    await admin.screenshot({ path: resolve(screenshots, 'order-list-menu.png') })
    await admin.keyboard.press('Escape')
    await admin.getByRole('button', { name: 'Compact' }).click()

    await admin.setViewportSize({ width: 390, height: 844 })
    await admin.waitForTimeout(150)
    const card = admin.locator('table.orders tbody tr').first()
    expect((await card.boundingBox())!.width).toBeLessThanOrEqual(390)
    const text = await card.textContent()
    expect(text).toMatch(/CHF/)
    await admin.screenshot({ path: resolve(screenshots, 'order-list-phone.png') })
    await admin.goto(`/orders/${unpaid[0].id}`)
    await admin.getByRole('tab', { name: 'Additional information' }).waitFor()
    await admin.screenshot({ path: resolve(screenshots, 'order-detail-phone.png') })
    await admin.setViewportSize({ width: 1366, height: 768 })
  })

  it('offers no "Cancel lines" on a one-line order of one unit', async () => {
    const one = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    await admin.goto(`/orders/${one.id}`)
    await admin.getByRole('button', { name: 'Cancel order', exact: true }).waitFor()
    expect(await admin.getByRole('button', { name: 'Cancel lines' }).count()).toBe(0)
    await admin.goto(`/orders/${unpaid[0].id}`)
    await admin.getByRole('button', { name: 'Cancel lines', exact: true }).waitFor()
  })

  it('shows the deliveries with tracking on the overview, the e-mails sent, and additional information', async () => {
    await admin.goto(`/orders/${toShip[0].id}`)
    await admin.locator('.card').filter({ hasText: 'Deliveries' }).getByRole('link', { name: /^JD/ }).waitFor()
    await admin.screenshot({ path: resolve(screenshots, 'order-overview.png') })
    await admin.getByRole('tab', { name: 'E-mails' }).click()
    await admin.getByRole('tabpanel').locator('.state, .mail-list').first().waitFor()
    await admin.getByRole('tab', { name: 'Additional information' }).click()
    await admin.getByText('IP address').waitFor()

    // An order from the storefront with the customer's address; blocked from export here.
    const fromShop = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card(), { source: 'web', customerIp: '198.51.100.23' })
    await admin.goto(`/orders/${fromShop.id}?tab=info`)
    const info = admin.getByRole('tabpanel')
    await info.getByText('198.51.100.23').waitFor()
    await info.getByText('Web shop').waitFor()
    await info.getByText('Exported normally').waitFor()
    await info.getByRole('button', { name: 'Block export' }).click()
    const confirm = admin.getByRole('dialog')
    await confirm.getByLabel('Why (kept in the audit log)').fill('Address check pending')
    await confirm.getByRole('button', { name: 'Block export' }).click()
    await info.getByText('Blocked from export').waitFor()
    await info.getByText('Address check pending').waitFor()
    expect(must(await ordo.api('GET', `/orders/${fromShop.id}/info`), 200).exportBlock).toMatchObject({ blocked: true, note: 'Address check pending' })
    await info.getByRole('button', { name: 'Allow export' }).waitFor()
    await shoot(admin, 'order-info')
  })

  it('asks for a reason before blocking a customer, and blocks only on saving', async () => {
    await admin.goto(`/customers/${world.customer.id}`)
    await admin.getByRole('checkbox', { name: /Blocked/ }).click()
    await admin.getByLabel('Reason (kept in the history)').waitFor()
    await admin.getByRole('button', { name: 'Undo' }).click()
    expect((must(await ordo.api('GET', `/customers/${world.customer.id}`), 200) as any).blocked).toBe(false)
    await admin.getByRole('checkbox', { name: /Blocked/ }).click()
    await admin.getByLabel('Reason (kept in the history)').fill('Unpaid invoices')
    await admin.getByRole('button', { name: 'Save flags' }).click()
    await expect.poll(async () => (must(await ordo.api('GET', `/customers/${world.customer.id}`), 200) as any).blocked).toBe(true)
    must(await ordo.api('PATCH', `/customers/${world.customer.id}`, { blocked: false, reason: 'Back to normal' }), 200)
  })

  it('takes dates in the shop locale', async () => {
    await admin.goto('/orders')
    const from = admin.getByLabel('From', { exact: true })
    // CHF shops write de-CH dates (once the shops are loaded).
    await expect.poll(() => from.getAttribute('placeholder'), { timeout: 20_000 }).toBe('dd.mm.yyyy')
    await from.fill('01.01.2020')
    await admin.getByRole('button', { name: 'Search', exact: true }).click()
    await admin.waitForURL((url) => url.searchParams.get('from') === '2020-01-01')
  })

  it('keeps an open dialog and what was typed when the session ends elsewhere', async () => {
    await admin.goto(`/orders/${unpaid[2].id}`)
    await admin.getByRole('button', { name: 'Confirm payment', exact: true }).click()
    const prompt = admin.getByRole('dialog').filter({ hasText: 'Amount received' })
    await prompt.getByLabel('Internal note (audit trail)').fill('Typed before the session ended')
    await sql`update sessions set revoked_at = now()`.execute(ordo.db)
    await prompt.getByRole('button', { name: 'Confirm payment', exact: true }).click()
    const relogin = admin.getByRole('dialog').filter({ hasText: 'Your session has ended' })
    await relogin.waitFor()
    await admin.screenshot({ path: resolve(screenshots, 'session-ended.png') })
    await relogin.getByLabel('Password').fill(password)
    await relogin.getByRole('button', { name: 'Log in' }).click()
    await relogin.waitFor({ state: 'detached' })
    expect(await prompt.getByLabel('Internal note (audit trail)').inputValue()).toBe('Typed before the session ended')
    await prompt.getByRole('button', { name: 'Confirm payment', exact: true }).click()
    await status(admin, 'Done: Confirm payment')
  })
})
