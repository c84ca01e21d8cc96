/**
 * The admin UI in a real browser: log in, search, filter, take an order through its
 * whole life with the action prompts, cancel one and see the refund, a refused action,
 * and what a fulfilment user is (not) offered. Saves screenshots to test-results/.
 */
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startOrdo, type Ordo } from '../harness.ts'
import { address, advanceDelivery, card, createWorld, must, orderAction, placeOrder, uid, type World } from '../fixtures.ts'
import { errorsOf, launch, loggedIn, screenshots } from './browser.ts'

let ordo: Ordo
let browser: Browser
let admin: Page
let held: World // every order waits for approval
let plain: World
const password = 'browser-test-password'
const users = { admin: `admin-${uid().toLowerCase()}@example.test`, fulfilment: `packer-${uid().toLowerCase()}@example.test` }
const orders: Record<string, any> = {}
const city = `Brienz${uid()}`

beforeAll(async () => {
  ordo = await startOrdo()
  browser = await launch()
  must(await ordo.api('POST', '/users', { email: users.admin, name: 'Ada Admin', role: 'administrator', password }), 201)
  must(await ordo.api('POST', '/users', { email: users.fulfilment, name: 'Finn Packer', role: 'fulfilment', password }), 201)
  held = await createWorld(ordo.api, { stock: 50, shop: { requireApproval: true } })
  plain = await createWorld(ordo.api, { stock: 50 })
  const line = (w: World, quantity = 1) => [{ sku: w.product.sku, quantity }]
  orders.life = await placeOrder(ordo.api, held, line(held, 2), card(), { shippingAddress: { ...address(held.customer.name), city } })
  orders.race = await placeOrder(ordo.api, held, line(held), card())
  orders.toCancel = await placeOrder(ordo.api, plain, line(plain, 3), card())
  orders.ready = await placeOrder(ordo.api, plain, line(plain), card())
  await advanceDelivery(ordo.api, orders.ready.id, orders.ready.deliveries[0].id, 'ready_to_ship')
  orders.toPack = await placeOrder(ordo.api, plain, line(plain), card())
  orders.unpaid = await placeOrder(ordo.api, plain, line(plain), { method: 'bank_transfer' })
  orders.cancelled = await placeOrder(ordo.api, plain, line(plain), card())
  must(await orderAction(ordo.api, orders.cancelled.id, 'cancel', { note: 'Customer changed their mind' }), 200)
  expect(orders.life.status).toBe('awaiting_approval')
  expect(orders.toCancel.status).toBe('in_progress')
  expect(orders.unpaid.status).toBe('awaiting_payment')
  admin = await loggedIn(browser, ordo.url, users.admin, password)
})

afterAll(async () => {
  await browser?.close()
  await ordo?.close()
})

const row = (page: Page, number: string) => page.getByRole('row').filter({ hasText: number })
const dialog = (page: Page) => page.getByRole('dialog')

async function search(page: Page, text: string) {
  await page.getByRole('searchbox', { name: 'Search' }).fill(text)
  await page.getByRole('searchbox', { name: 'Search' }).press('Enter')
  await page.waitForURL((url) => url.searchParams.get('q') === text)
}

/** Opens the prompt of an action, writes an internal note, confirms, and waits for it to close. */
async function runAction(page: Page, button: string, fill: Record<string, string> = {}) {
  await page.getByRole('button', { name: button, exact: true }).click()
  const prompt = dialog(page)
  await prompt.waitFor()
  for (const [label, value] of Object.entries(fill)) await prompt.getByLabel(label).fill(value)
  await prompt.getByLabel('Internal note (audit trail)').fill(`${button} from the browser test`)
  await prompt.getByRole('button', { name: button, exact: true }).click()
  await prompt.waitFor({ state: 'detached' })
  await page.getByRole('status').filter({ hasText: `Done: ${button}` }).waitFor()
}

describe('the admin UI', () => {
  it('logs in and lists the orders, newest first, with money in the shop currency', async () => {
    await expect.poll(() => row(admin, orders.cancelled.number).count()).toBe(1)
    await expect.poll(() => admin.getByRole('row').count()).toBe(Object.keys(orders).length + 1)
    const first = await admin.locator('table.orders tbody tr').first().textContent()
    expect(first).toContain(orders.cancelled.number)
    expect(await row(admin, orders.toCancel.number).textContent()).toMatch(/CHF\s*89\.70/)
    await admin.screenshot({ path: resolve(screenshots, 'order-list.png') })
    expect(errorsOf(admin)).toEqual([])
  })

  it('finds an order by its number and by @city', async () => {
    await search(admin, orders.race.number)
    await expect.poll(() => admin.locator('table.orders tbody tr').count()).toBe(1)
    await row(admin, orders.race.number).waitFor()

    await search(admin, `@${city.toLowerCase()}`)
    await expect.poll(() => admin.locator('table.orders tbody tr').count()).toBe(1)
    await row(admin, orders.life.number).waitFor()
  })

  it('filters by two statuses, and the filter lives in the URL', async () => {
    await admin.getByRole('button', { name: 'Clear filters' }).click()
    await admin.getByText('Status: any').click()
    await admin.getByRole('checkbox', { name: 'Awaiting payment' }).check()
    await admin.getByRole('checkbox', { name: 'Cancelled' }).check()
    await admin.waitForURL((url) => url.searchParams.get('status') === 'awaiting_payment,cancelled')
    await row(admin, orders.unpaid.number).waitFor()
    await row(admin, orders.cancelled.number).waitFor()
    await expect.poll(() => admin.locator('table.orders tbody tr').count()).toBe(2)
    const statuses = await admin.locator('table.orders tbody tr td:nth-child(5)').allTextContents()
    expect(statuses.sort()).toEqual(['Awaiting payment', 'Cancelled'])

    // The same URL in a new tab shows the same view.
    const shared = await admin.context().newPage()
    await shared.goto(admin.url())
    await row(shared, orders.unpaid.number).waitFor()
    await expect.poll(() => shared.locator('table.orders tbody tr').count()).toBe(2)
    await shared.close()
  })

  it('takes an order from placement through approve, pack, ready, ship and deliver, each step in History', async () => {
    await admin.goto('/orders')
    await search(admin, orders.life.number)
    await admin.getByRole('link', { name: orders.life.number }).click()
    await admin.getByRole('heading', { name: `Order ${orders.life.number}` }).waitFor()

    await runAction(admin, 'Approve')
    await admin.getByRole('tab', { name: 'Deliveries' }).click()
    await runAction(admin, 'Pack')
    await runAction(admin, 'Ready to ship')
    await runAction(admin, 'Ship', { Carrier: 'Post CH', 'Tracking number': 'TRK-BROWSER-1' })
    await admin.getByRole('region', { name: /^Delivery / }).getByText('TRK-BROWSER-1').waitFor()
    await runAction(admin, 'Mark delivered')
    await admin.locator('.page-head .badge').filter({ hasText: 'Completed' }).waitFor()

    await admin.getByRole('tab', { name: 'History' }).click()
    const history = admin.getByRole('list', { name: 'History' })
    await history.waitFor()
    for (const step of ['Approve', 'Delivery: Pack', 'Delivery: Ready to ship', 'Delivery: Ship', 'Delivery: Mark delivered']) {
      await history.getByText(step, { exact: false }).first().waitFor()
    }
    for (const note of ['Approve from the browser test', 'Ship from the browser test', 'Mark delivered from the browser test']) {
      await history.getByText(note, { exact: true }).waitFor()
    }
    await admin.getByLabel('Add a note').fill('Customer called: all good')
    await admin.getByRole('button', { name: 'Add note' }).click()
    await history.getByText('Customer called: all good').waitFor()
    await admin.screenshot({ path: resolve(screenshots, 'order-history.png') })

    await admin.getByRole('tab', { name: 'Overview' }).click()
    await admin.screenshot({ path: resolve(screenshots, 'order-detail.png') })
    await admin.getByRole('tab', { name: 'Deliveries' }).click()
    await admin.screenshot({ path: resolve(screenshots, 'order-deliveries.png') })
    const done: any = must(await ordo.api('GET', `/orders/${orders.life.id}`), 200)
    expect(done.status).toBe('completed')
    expect(done.deliveries[0]).toMatchObject({ status: 'delivered', carrier: 'Post CH', trackingNumber: 'TRK-BROWSER-1' })
    expect(errorsOf(admin)).toEqual([])
  })

  it('cancels an order and shows the refund in Payments', async () => {
    await admin.goto(`/orders/${orders.toCancel.id}`)
    await runAction(admin, 'Cancel order')
    await admin.locator('.page-head .badge').filter({ hasText: 'Cancelled' }).waitFor()
    await admin.getByRole('tab', { name: 'Payments' }).click()
    const refund = admin.getByRole('row').filter({ hasText: 'REFUND' })
    await refund.waitFor()
    expect(await refund.textContent()).toMatch(/CHF\s*89\.70.*Succeeded/)
    expect(await admin.getByRole('definition').filter({ hasText: '89.70' }).count()).toBeGreaterThanOrEqual(2) // captured and refunded
    await admin.screenshot({ path: resolve(screenshots, 'order-payments.png') })
  })

  it('shows why an action was refused (409) and the fresh state', async () => {
    await admin.goto(`/orders/${orders.race.id}`)
    await admin.getByRole('button', { name: 'Approve', exact: true }).click()
    await dialog(admin).waitFor()
    // Someone else approves it first.
    must(await orderAction(ordo.api, orders.race.id, 'approve'), 200)
    await dialog(admin).getByRole('button', { name: 'Approve', exact: true }).click()
    const alert = dialog(admin).getByRole('alert')
    // Said in words, not in the server's codes.
    await alert.getByText('Approve is not possible while the order is in progress').waitFor()
    await alert.getByText('The order is now in progress').waitFor()
    await dialog(admin).getByRole('button', { name: 'Close' }).click()
    await admin.locator('.page-head .badge').filter({ hasText: 'In progress' }).waitFor()
    expect(await admin.getByRole('group', { name: 'Order actions' }).getByRole('button', { name: 'Approve' }).count()).toBe(0)
  })

  it('does not offer a fulfilment user Ship or Cancel', async () => {
    const packer = await loggedIn(browser, ordo.url, users.fulfilment, password)
    await row(packer, orders.ready.number).waitFor()
    expect(await packer.getByRole('button', { name: /^(Cancel|Ship)\b/ }).count()).toBe(0)

    await packer.goto(`/orders/${orders.ready.id}?tab=deliveries`)
    await packer.getByText('No delivery actions available to you now.').waitFor()
    expect(await packer.getByRole('button', { name: 'Ship' }).count()).toBe(0)
    expect(await packer.getByRole('button', { name: 'Cancel' }).count()).toBe(0)
    expect(await packer.getByText('No order actions available to you now.').count()).toBe(1)

    // What they may do, they get.
    await packer.goto(`/orders/${orders.toPack.id}?tab=deliveries`)
    await packer.getByRole('button', { name: 'Pack', exact: true }).waitFor()
    expect(await packer.getByRole('button', { name: 'Cancel' }).count()).toBe(0)
    // And the admin is offered both on the same order.
    await admin.goto(`/orders/${orders.ready.id}?tab=deliveries`)
    await admin.getByRole('button', { name: 'Ship', exact: true }).waitFor()
    await admin.getByRole('button', { name: 'Cancel order', exact: true }).waitFor()
    expect(errorsOf(packer)).toEqual([])
    await packer.context().close()
  })

  it('shows a customer with their order history, sets stock on hand, and edits shop settings', async () => {
    await admin.goto('/customers')
    await admin.getByRole('searchbox', { name: 'Search' }).fill(plain.customer.name)
    await admin.getByRole('searchbox', { name: 'Search' }).press('Enter')
    await admin.getByRole('link', { name: plain.customer.name }).click()
    await admin.getByRole('heading', { name: plain.customer.name, level: 1 }).waitFor()
    await row(admin, orders.toPack.number).waitFor()
    await admin.screenshot({ path: resolve(screenshots, 'customer.png') })

    await admin.goto(`/stock?sku=${plain.product.sku}`)
    const stock = admin.getByRole('row').filter({ hasText: plain.warehouse.code })
    await stock.getByLabel(`On hand in ${plain.warehouse.code}`).fill('120')
    await stock.getByRole('button', { name: 'Set' }).click()
    await stock.getByText('saved').waitFor()
    const level: any = must(await ordo.api('GET', `/stock/${plain.product.sku}`), 200)
    expect(level.onHand).toBe(120)
    expect(await stock.textContent()).toContain(String(level.available))
    await admin.screenshot({ path: resolve(screenshots, 'stock.png') })

    await admin.goto('/shops')
    const form = admin.getByRole('form', { name: `Shop ${plain.shop.code}` })
    await form.getByLabel('Orders above this total wait for approval', { exact: false }).fill('500')
    await form.getByRole('button', { name: 'Save' }).click()
    await form.getByText('Saved.').waitFor()
    const shop: any = must(await ordo.api('GET', `/shops/${plain.shop.code}`), 200)
    expect(shop.settings.approvalThreshold).toBe(50000)
    await admin.screenshot({ path: resolve(screenshots, 'shops.png'), fullPage: true })
  })

  it('fits a tablet', async () => {
    const context = await browser.newContext({ baseURL: ordo.url, viewport: { width: 820, height: 1180 }, storageState: await admin.context().storageState() })
    const tablet = await context.newPage()
    await tablet.goto('/orders')
    await row(tablet, orders.ready.number).waitFor()
    await tablet.screenshot({ path: resolve(screenshots, 'order-list-tablet.png') })
    await tablet.goto(`/orders/${orders.life.id}`)
    await tablet.getByRole('heading', { name: `Order ${orders.life.number}` }).waitFor()
    await tablet.screenshot({ path: resolve(screenshots, 'order-detail-tablet.png') })
    await context.close()
  })
})
