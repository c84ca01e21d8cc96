/**
 * The Vouchers and Licences areas in a real browser: find a voucher by part of its code,
 * redeem part of it, see the balance and the redemption; see what an order issued; activate
 * a licence up to its limit. Saves screenshots to test-results/.
 */
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startOrdo, type Ordo } from '../harness.ts'
import { card, createCustomer, createShop, must, placeOrder, uid } from '../fixtures.ts'
import { errorsOf, launch, loggedIn, screenshots } from './browser.ts'

let ordo: Ordo
let browser: Browser
let page: Page
let order: any
let vouchers: any[]
let licence: any
let shopCode: string
const password = 'browser-test-password'
const email = `admin-${uid().toLowerCase()}@example.test`

beforeAll(async () => {
  ordo = await startOrdo()
  browser = await launch()
  must(await ordo.api('POST', '/users', { email, name: 'Ada Admin', role: 'administrator', password }), 201)
  const shop = await createShop(ordo.api)
  shopCode = shop.code
  const customer = await createCustomer(ordo.api)
  const gift = `GIFT-${uid()}`
  const app = `APP-${uid()}`
  must(await ordo.api('POST', '/products', { sku: gift, name: 'Gift voucher 50', kind: 'voucher', prices: { CHF: 5000 }, taxRate: 0 }), 201)
  must(await ordo.api('POST', '/products', { sku: app, name: 'Ordo Desktop', kind: 'licence', prices: { CHF: 9900 }, taxRate: 8.1 }), 201)
  must(await ordo.api('PUT', `/products/${app}/issue-settings`, { licenceActivationLimit: 1 }), 200)
  order = await placeOrder(ordo.api, { shop, customer }, [{ sku: gift, quantity: 2 }, { sku: app, quantity: 1 }], card())
  vouchers = must(await ordo.api('GET', `/vouchers?orderId=${order.id}`), 200).items
  ;[licence] = must(await ordo.api('GET', `/licences?orderId=${order.id}`), 200).items
  page = await loggedIn(browser, ordo.url, email, password)
})

afterAll(async () => {
  await browser?.close()
  await ordo?.close()
})

describe('vouchers area', () => {
  it('finds a voucher by part of its code, redeems part of it and shows the balance and the redemption', async () => {
    const v = vouchers[0]
    await page.getByRole('link', { name: 'Vouchers' }).click()
    await page.getByRole('heading', { name: 'Vouchers' }).waitFor()
    await page.getByRole('searchbox').fill(v.code.slice(5, 9).toLowerCase())
    await page.getByRole('searchbox').press('Enter')
    await page.getByRole('link', { name: v.code }).click()
    await page.getByRole('heading', { name: v.code }).waitFor()
    await page.getByLabel('Amount (CHF)').fill('12.50')
    await page.getByLabel('Reference').fill('Till 4')
    await page.getByRole('button', { name: 'Redeem', exact: true }).click()
    await page.getByRole('cell', { name: 'Till 4' }).first().waitFor()
    await expect.poll(async () => page.locator('.page-head').innerText()).toMatch(/Balance\s+CHF\s+37\.50/)
    await page.screenshot({ path: resolve(screenshots, 'voucher-detail.png'), fullPage: true })
    const over = page.getByLabel('Amount (CHF)')
    await over.fill('100')
    await page.getByLabel('Reference').fill('Till 5')
    await page.getByRole('button', { name: 'Redeem', exact: true }).click()
    await page.getByRole('alert').filter({ hasText: 'holds CHF 37.50' }).waitFor()
    expect(must(await ordo.api('GET', `/vouchers/${v.code}`), 200).balance).toBe(3750)
    const pdf = await page.request.get(`/api/v1/vouchers/${v.code}/pdf`)
    expect(pdf.headers()['content-type']).toBe('application/pdf')
    expect(errorsOf(page)).toEqual([])
  })

  it('shows on the order what it issued', async () => {
    await page.goto(`/orders/${order.id}`)
    await page.getByRole('heading', { name: 'Issued by this order' }).waitFor()
    for (const v of vouchers) await page.getByRole('link', { name: v.code }).waitFor()
    await page.getByRole('link', { name: licence.key }).waitFor()
    await page.screenshot({ path: resolve(screenshots, 'order-issued.png'), fullPage: true })
  })
})

describe('settings', () => {
  it("sets a shop's voucher print layout and imports licence keys into a pool", async () => {
    await page.goto('/vouchers')
    await page.getByText('Print layout per shop').click()
    await page.getByLabel('Shop').selectOption(shopCode)
    await page.getByLabel('Title').fill('Geschenkgutschein')
    await page.getByLabel('Closing line').fill('Einlösbar in allen Filialen')
    await page.getByRole('button', { name: 'Save layout' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor()
    expect(must(await ordo.api('GET', `/voucher-layouts/${shopCode}`), 200)).toMatchObject({ title: 'Geschenkgutschein', footer: 'Einlösbar in allen Filialen' })

    await page.goto('/licences')
    await page.getByText("Import keys into a product's pool").click()
    await page.getByLabel('Product SKU').fill(licence.sku)
    await page.getByLabel('Keys, one per line').fill(`IMPORTED-${uid()}-AAAA\nIMPORTED-${uid()}-BBBB`)
    await page.getByRole('button', { name: 'Import' }).click()
    await page.getByRole('status').filter({ hasText: '2 imported' }).waitFor()
    await page.screenshot({ path: resolve(screenshots, 'licence-pool.png'), fullPage: true })
  })
})

describe('licences area', () => {
  it('activates a licence on one machine and refuses a second past its limit', async () => {
    await page.getByRole('link', { name: 'Licences' }).click()
    await page.getByRole('heading', { name: 'Licences' }).waitFor()
    await page.getByRole('link', { name: licence.key }).click()
    await page.getByRole('heading', { name: licence.key }).waitFor()
    await page.getByLabel('Machine').fill('laptop-eva')
    await page.getByRole('button', { name: 'Activate', exact: true }).click()
    await page.getByRole('cell', { name: 'laptop-eva' }).first().waitFor()
    await page.getByLabel('Machine').fill('desktop-eva')
    await page.getByRole('button', { name: 'Activate', exact: true }).click()
    await page.getByRole('alert').filter({ hasText: 'deactivate one first' }).waitFor()
    await page.screenshot({ path: resolve(screenshots, 'licence-detail.png'), fullPage: true })
    expect(errorsOf(page).filter((e) => !/status of 409/.test(e))).toEqual([])
  })
})
