/**
 * The customers, analytics and article report screens in a real browser: the dashboard
 * draws its charts with the period before, a flag changes only with a reason, the article
 * report totals up. Saves screenshots to test-results/.
 */
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { Browser, Page } from 'playwright-core'
import { startOrdo, type Ordo } from '../harness.ts'
import { advanceDelivery, card, createWorld, must, orderAction, placeOrder, uid, type World } from '../fixtures.ts'
import { errorsOf, launch, loggedIn, screenshots } from './browser.ts'

let ordo: Ordo
let browser: Browser
let page: Page
let world: World
const password = 'browser-test-password'
const email = `analyst-${uid().toLowerCase()}@example.test`

beforeAll(async () => {
  ordo = await startOrdo()
  browser = await launch()
  must(await ordo.api('POST', '/users', { email, name: 'Ada Admin', role: 'administrator', password }), 201)
  world = await createWorld(ordo.api, { stock: 500, price: 2490 })
  // Orders spread over the last 60 days, so both periods of the dashboard have something.
  for (let i = 0; i < 10; i++) {
    const o = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 + (i % 3) }], card())
    if (i % 5 === 0) must(await orderAction(ordo.api, o.id, 'cancel', { note: 'test' }), 200)
    else if (i % 4 === 1) await advanceDelivery(ordo.api, o.id, o.deliveries[0].id, 'shipped')
    await ordo.db.updateTable('orders').set({ created_at: sql`now() - ${`${i * 6} days`}::interval`, updated_at: new Date() }).where('id', '=', o.id).execute()
  }
  page = await loggedIn(browser, ordo.url, email, password)
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await ordo?.close()
})

describe('analytics dashboard', () => {
  it('shows the figures and charts of the period against the one before', async () => {
    await page.getByRole('link', { name: 'Analytics' }).click()
    await page.getByRole('heading', { name: 'Analytics' }).waitFor()
    await page.goto(`/analytics?shop=${world.shop.code}`)
    await page.locator('.kpi').first().waitFor()
    await expect.poll(() => page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(3)
    const orders = page.locator('.kpi').filter({ hasText: 'Orders' })
    expect(await orders.locator('.value').textContent()).toMatch(/^\d+$/)
    await expect.poll(() => page.getByRole('cell', { name: world.customer.name }).count()).toBeGreaterThan(0)
    await page.waitForTimeout(800) // the charts' entry animation
    await page.screenshot({ path: resolve(screenshots, 'analytics-dashboard.png'), fullPage: true })
    await page.locator('select').nth(1).selectOption('365')
    await page.waitForURL((u) => u.searchParams.get('days') === '365')
    await page.waitForTimeout(800)
    await page.screenshot({ path: resolve(screenshots, 'analytics-dashboard-year.png'), fullPage: true })
    expect(errorsOf(page)).toEqual([])
  })
})

describe('customers', () => {
  it('changes a flag only with a reason, and shows it in the history', async () => {
    await page.goto(`/customers?q=${encodeURIComponent(world.customer.email)}`)
    await page.getByRole('link', { name: world.customer.name }).click()
    await page.getByRole('heading', { name: world.customer.name, level: 1 }).waitFor()
    await page.getByLabel('Blocked: orders are held').check()
    await page.getByLabel('Reason (kept in the history)').fill('Three chargebacks this month')
    await page.getByRole('button', { name: 'Save flags' }).click()
    await page.getByRole('cell', { name: 'Three chargebacks this month' }).waitFor()
    await page.getByLabel('New note').fill('Call before shipping')
    await page.getByRole('button', { name: 'Add note' }).click()
    await page.getByText('Call before shipping').waitFor()
    await page.screenshot({ path: resolve(screenshots, 'customer-page.png'), fullPage: true })
    expect(errorsOf(page)).toEqual([])
  })

  it('lists customers with order count and lifetime value, and a count', async () => {
    await page.getByRole('link', { name: 'Customers', exact: true }).first().click()
    await page.getByRole('heading', { name: 'Customers' }).waitFor()
    await page.getByRole('status').filter({ hasText: 'customers' }).waitFor()
    await page.screenshot({ path: resolve(screenshots, 'customer-list.png'), fullPage: true })
  })
})

describe('article report', () => {
  it('totals the orders holding a matching article, with a CSV download', async () => {
    await page.getByRole('link', { name: 'Article report' }).click()
    await page.getByLabel('Article number (or part)').fill(world.product.sku.slice(0, -2).toLowerCase())
    await page.getByRole('button', { name: 'Show' }).click()
    await page.getByRole('heading', { name: 'Totals' }).waitFor()
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'All matching articles' }).count()).toBe(1)
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toContain('format=csv')
    await page.screenshot({ path: resolve(screenshots, 'article-report.png'), fullPage: true })
    expect(errorsOf(page)).toEqual([])
  })
})
