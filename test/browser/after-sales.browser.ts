/**
 * After the sale in a real browser: a return authorised, received and refunded from the
 * order's Returns tab; a goodwill refund; an order edited with the dry-run difference shown
 * before confirming; the returns list. Saves screenshots to test-results/.
 */
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startOrdo, type Ordo } from '../harness.ts'
import { advanceDelivery, card, createWorld, getOrder, must, placeOrder, uid } from '../fixtures.ts'
import { errorsOf, launch, loggedIn, screenshots } from './browser.ts'

let ordo: Ordo
let browser: Browser
let page: Page
const password = 'browser-test-password'
const email = `after-${uid().toLowerCase()}@example.test`

beforeAll(async () => {
  ordo = await startOrdo()
  browser = await launch()
  must(await ordo.api('POST', '/users', { email, name: 'Ada Admin', role: 'administrator', password }), 201)
  page = await loggedIn(browser, ordo.url, email, password)
})

afterAll(async () => {
  await browser?.close()
  await ordo?.close()
})

describe('after the sale', () => {
  it('authorises, receives and refunds a return from the Returns tab, and refunds goodwill', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
    const placed = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], card())
    await advanceDelivery(ordo.api, placed.id, placed.deliveries[0].id, 'delivered')

    await page.goto(`/orders/${placed.id}?tab=returns`)
    await page.getByLabel(`Units of ${world.product.sku} to return`).fill('1')
    await page.getByLabel('Reason').first().fill('Broken handle')
    await page.getByRole('button', { name: 'Authorise return' }).click()
    const card1 = page.getByRole('region', { name: `Return ${placed.number}-R1` })
    await card1.waitFor()
    await card1.getByRole('button', { name: 'Receive' }).click()
    await card1.getByRole('button', { name: 'Confirm receipt' }).click()
    await card1.getByRole('button', { name: 'Refund', exact: true }).click()
    await card1.getByRole('button', { name: 'Refund', exact: true }).click()
    await card1.locator('.badge', { hasText: 'Refunded' }).waitFor()
    await page.screenshot({ path: resolve(screenshots, 'after-sales-return.png'), fullPage: true })
    let order = await getOrder(ordo.api, placed.id)
    expect(order).toMatchObject({ status: 'completed', paymentStatus: 'partially_refunded' })
    expect(order.payment.refunded).toBe(1000)

    const goodwill = page.getByRole('form', { name: 'Refund without a return' })
    await goodwill.getByLabel('Amount (CHF)').fill('2.50')
    await goodwill.getByLabel('Reason').fill('Late delivery')
    await goodwill.getByRole('button', { name: 'Refund' }).click()
    await goodwill.getByText('Refunded.').waitFor()
    order = await getOrder(ordo.api, placed.id)
    expect(order.payment.refunded).toBe(1250)

    await page.goto('/returns')
    await page.getByRole('cell', { name: `${placed.number}-R1` }).waitFor()
    await page.screenshot({ path: resolve(screenshots, 'after-sales-returns-list.png'), fullPage: true })
    expect(errorsOf(page)).toEqual([])
  })

  it('edits an order, showing the difference before confirming', async () => {
    const world = await createWorld(ordo.api, { stock: 10, price: 1000 })
    const placed = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 3 }], card())
    await page.goto(`/orders/${placed.id}`)
    await page.getByRole('button', { name: 'Edit order' }).click()
    const dialog = page.getByRole('dialog', { name: `Edit order ${placed.number}` })
    await dialog.getByLabel(`Quantity of ${world.product.sku}`).fill('1')
    await dialog.getByRole('button', { name: 'Preview difference' }).click()
    const difference = dialog.getByRole('status', { name: 'Difference' })
    await difference.waitFor()
    expect(await difference.textContent()).toContain('refunded to the customer')
    await page.screenshot({ path: resolve(screenshots, 'after-sales-edit-preview.png'), fullPage: true })
    // On a short screen the dialog scrolls inside the window, and its buttons stay in view.
    const viewport = page.viewportSize()!
    await page.setViewportSize({ width: 1366, height: 560 })
    await page.waitForTimeout(150)
    const confirmBox = (await dialog.getByRole('button', { name: 'Confirm edit' }).boundingBox())!
    expect(confirmBox.y + confirmBox.height).toBeLessThanOrEqual(560)
    await page.screenshot({ path: resolve(screenshots, 'after-sales-edit-short-screen.png') })
    await page.setViewportSize(viewport)
    // The preview changed nothing.
    expect((await getOrder(ordo.api, placed.id)).totals.total).toBe(3000)
    await dialog.getByRole('button', { name: 'Confirm edit' }).click()
    await page.getByText('Order edited:').waitFor()
    const order = await getOrder(ordo.api, placed.id)
    expect(order.totals.total).toBe(1000)
    expect(order.payment.refunded).toBe(2000)
    expect(errorsOf(page)).toEqual([])
  })
})
