/**
 * The money desk in a real browser: billing and tax settings, discount codes, the overdue
 * list with a reminder sent by hand, and the documents and tax per rate on an order page.
 * Saves screenshots to test-results/.
 */
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startOrdo, type Ordo } from '../harness.ts'
import { createWorld, must, placeOrder, uid, type World } from '../fixtures.ts'
import { errorsOf, launch, loggedIn, screenshots } from './browser.ts'

let ordo: Ordo
let browser: Browser
let page: Page
let w: World
let invoiced: any
const password = 'browser-test-password'
const email = `finance-${uid().toLowerCase()}@example.test`

beforeAll(async () => {
  ordo = await startOrdo()
  browser = await launch()
  must(await ordo.api('POST', '/users', { email, name: 'Fiona Finance', role: 'administrator', password }), 201)
  w = await createWorld(ordo.api, { stock: 50, price: 4990 })
  must(await ordo.api('PATCH', `/shops/${w.shop.code}/billing`, { legalName: 'Muster AG', iban: 'CH9300762011623852957', paymentTermsDays: 0 }), 200)
  invoiced = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 2 }], { method: 'invoice' }, { shippingCost: 790 })
  await ordo.db.updateTable('order_dunning').set({ due_date: '2020-01-01' }).where('order_id', '=', invoiced.id).execute()
  page = await loggedIn(browser, ordo.url, email, password)
})

afterAll(async () => {
  await browser?.close()
  await ordo?.close()
})

const shot = (name: string) => page.screenshot({ path: resolve(screenshots, `money-${name}.png`), fullPage: true })

describe('money desk', () => {
  it('shows documents and the tax per rate on the order page', async () => {
    await page.goto(`/orders/${invoiced.id}`)
    const docs = page.getByRole('region', { name: 'Documents' })
    await docs.getByText(`I${w.shop.code}-1`).waitFor()
    await expect(docs.getByRole('link', { name: 'Open' }).getAttribute('href')).resolves.toMatch(/\/api\/v1\/documents\/.+\.pdf$/)
    const taxes = page.getByRole('region', { name: 'Tax per rate' })
    await taxes.getByText('8.1 %').waitFor()
    const res = await page.request.get((await docs.getByRole('link', { name: 'Open' }).getAttribute('href'))!)
    expect(res.status()).toBe(200)
    expect(res.headers()['content-type']).toContain('application/pdf')
    await shot('order')
    expect(errorsOf(page)).toEqual([])
  })

  it('lists the overdue invoice and sends a reminder', async () => {
    await page.getByRole('link', { name: 'Money' }).click()
    const first = page.getByRole('table', { name: 'Overdue, not reminded yet' })
    await first.getByRole('link', { name: invoiced.number }).waitFor()
    await first.getByRole('button', { name: 'Send reminder 1' }).click()
    await page.getByRole('status').getByText('Reminder 1 sent.').waitFor()
    await page.getByRole('table', { name: 'First reminder sent' }).getByRole('link', { name: invoiced.number }).waitFor()
    await shot('overdue')
    expect(errorsOf(page)).toEqual([])
  })

  it('creates a discount code and switches it off', async () => {
    await page.getByRole('tab', { name: 'Discount codes' }).click()
    const form = page.getByRole('form', { name: 'New discount code' })
    await form.getByLabel('Shop').selectOption(w.shop.code)
    await form.getByLabel('Code').fill('SPRING10')
    await form.getByLabel('Percent', { exact: true }).fill('10')
    await form.getByLabel('Usage limit').fill('100')
    await form.getByRole('button', { name: 'Create code' }).click()
    const row = page.getByRole('row').filter({ hasText: 'SPRING10' })
    await row.getByText('0 of 100').waitFor()
    await row.getByRole('button', { name: 'Switch off' }).click()
    await row.getByText('switched off').waitFor()
    await shot('discounts')
    expect(errorsOf(page)).toEqual([])
  })

  it('edits billing settings and tax rates', async () => {
    await page.getByRole('tab', { name: 'Billing and tax settings' }).click()
    await page.getByLabel('Shop').selectOption(w.shop.code)
    const form = page.getByRole('form', { name: 'Billing settings' })
    await expect(form.getByLabel('Legal name').inputValue()).resolves.toBe('Muster AG')
    await form.getByLabel('VAT id', { exact: true }).fill('CHE-123.456.789 MWST')
    await form.getByLabel('BIC').fill('POFICHBEXXX')
    await form.getByRole('button', { name: 'Save billing settings' }).click()
    await form.getByRole('status').getByText('Saved.').waitFor()
    const taxes = page.getByRole('form', { name: 'Tax rates' })
    await taxes.getByRole('button', { name: 'Add a rate' }).click()
    await taxes.getByLabel('Country').last().fill('DE')
    await taxes.getByLabel('Rate').last().fill('19')
    await taxes.getByRole('button', { name: 'Save tax rates' }).click()
    await taxes.getByRole('status').getByText('Saved.').waitFor()
    expect(must(await ordo.api('GET', `/tax-rates/${w.shop.code}`), 200).items).toEqual([{ country: 'DE', taxClass: 'standard', rate: 19 }])
    expect(must(await ordo.api('GET', `/shops/${w.shop.code}/billing`), 200)).toMatchObject({ vatId: 'CHE-123.456.789 MWST', bic: 'POFICHBEXXX' })
    await shot('billing')
    expect(errorsOf(page)).toEqual([])
  })
})
