/**
 * The desks in a real browser: a phone order taken on the new order screen (customer and
 * product search, an overridden price, the address, live totals, placing), and a consultation
 * request converted into an order. Saves screenshots to test-results/.
 */
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startOrdo, type Ordo } from '../harness.ts'
import { createProduct, createWorld, must, setStock, uid, type World } from '../fixtures.ts'
import { errorsOf, launch, loggedIn, screenshots } from './browser.ts'

let ordo: Ordo
let browser: Browser
let page: Page
let world: World
let second: any
const password = 'browser-test-password'
const email = `desk-${uid().toLowerCase()}@example.test`

beforeAll(async () => {
  ordo = await startOrdo()
  browser = await launch()
  must(await ordo.api('POST', '/users', { email, name: 'Dora Desk', role: 'administrator', password }), 201)
  world = await createWorld(ordo.api, { stock: 20, price: 4990 })
  second = await createProduct(ordo.api, { prices: { CHF: 1500 } })
  await setStock(ordo.api, world.warehouse.code, second.sku, 3)
  page = await loggedIn(browser, ordo.url, email, password)
})

afterAll(async () => {
  await browser?.close()
  await ordo?.close()
})

const total = () => page.getByTestId('draft-total').textContent()

describe('the desks in the browser', () => {
  it('takes a phone order on the new order screen and places it', async () => {
    await page.getByRole('link', { name: 'Drafts' }).click()
    await page.getByRole('link', { name: 'New order' }).click()
    await page.getByLabel('Shop').selectOption(world.shop.code)
    await page.getByRole('button', { name: 'Start order' }).click()
    await page.getByRole('heading', { name: /Draft order/ }).waitFor()

    await page.getByRole('searchbox', { name: 'Find a customer' }).fill(world.customer.email)
    await page.getByRole('search', { name: 'Find a customer' }).getByRole('button', { name: 'Search' }).click()
    await page.getByRole('button', { name: `Choose ${world.customer.name}` }).click()
    await page.getByText(world.customer.email).first().waitFor()

    await page.getByRole('searchbox', { name: 'Add a product' }).fill(world.product.sku)
    await page.getByRole('search', { name: 'Find a product' }).getByRole('button', { name: 'Search' }).click()
    await page.getByRole('button', { name: `Add ${world.product.sku}` }).click()
    await expect.poll(total).toMatch(/49\.90/)
    await page.getByLabel(`Quantity of ${world.product.sku}`).fill('2')
    await page.getByLabel(`Quantity of ${world.product.sku}`).blur()
    await expect.poll(total).toMatch(/99\.80/)

    await page.getByRole('searchbox', { name: 'Add a product' }).fill(second.sku)
    await page.getByRole('search', { name: 'Find a product' }).getByRole('button', { name: 'Search' }).click()
    await page.getByRole('button', { name: `Add ${second.sku}` }).click()
    await expect.poll(total).toMatch(/114\.80/)

    // A price agreed on the phone, with its reason.
    await page.getByRole('row').filter({ hasText: world.product.sku }).getByRole('button', { name: 'Price' }).click()
    await page.getByLabel('New unit price (CHF)').fill('45.00')
    await page.getByLabel('Reason').fill('regular customer')
    await page.getByRole('button', { name: 'Set price' }).click()
    await expect.poll(total).toMatch(/105\.00/)

    const addressForm = page.getByRole('form', { name: 'Address' })
    await addressForm.getByLabel('Street').fill('Seestrasse 5')
    await addressForm.getByLabel('Postal code').fill('8002')
    await addressForm.getByLabel('City').fill('Zürich')
    await addressForm.getByRole('button', { name: 'Save address' }).click()
    await page.getByText('Changed billingAddress').waitFor()

    // A discount code read out on the phone: a wrong one is refused, the right one takes 10.00 off.
    const code = `TEN${uid()}`
    must(await ordo.api('POST', '/discounts', { shop: world.shop.code, code, kind: 'amount', value: 1000 }), 201)
    await page.getByLabel('Discount code').fill('NOT-A-CODE')
    await page.getByRole('button', { name: 'Apply code' }).click()
    await page.getByText('The discount code "NOT-A-CODE" is not known').waitFor()
    await page.getByLabel('Discount code').fill(code.toLowerCase())
    await page.getByRole('button', { name: 'Apply code' }).click()
    await expect.poll(total).toMatch(/95\.00/)
    await page.getByRole('button', { name: `Remove code ${code}` }).waitFor()
    await page.screenshot({ path: resolve(screenshots, 'draft-phone-order.png'), fullPage: true })

    await page.getByLabel('Payment').selectOption('phone')
    await page.getByRole('button', { name: 'Place order' }).click()
    await page.getByRole('heading', { name: /^Order / }).waitFor()
    const orderId = page.url().split('/orders/')[1].split('?')[0]
    const order = must(await ordo.api('GET', `/orders/${orderId}`), 200)
    expect(order).toMatchObject({ status: 'awaiting_payment', customer: { id: world.customer.id }, totals: { total: 9_500, discountCodes: [{ code, amount: 1000 }] } })
    expect(order.lines.map((l: any) => [l.sku, l.quantity, l.unitPrice])).toEqual([[world.product.sku, 2, 4500], [second.sku, 1, 1500]])
    await page.getByRole('tab', { name: 'B2B' }).click()
    await page.getByLabel('Purchase-order reference').fill('PO-PHONE-1')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(async () => must(await ordo.api('GET', `/orders/${orderId}/b2b`), 200).poReference).toBe('PO-PHONE-1')
    expect(errorsOf(page)).toEqual([])
  })

  it('converts a consultation request from the waiting queue into an order', async () => {
    const asked = must(await ordo.api('POST', '/consultations', {
      shop: world.shop.code, contact: { name: 'Vera Visitor', email: `vera-${uid().toLowerCase()}@example.test` },
      message: 'Which one suits a small flat?', products: [second.sku],
    }), 201)
    await page.getByRole('link', { name: 'Consultations' }).click()
    await page.getByRole('link', { name: 'Vera Visitor' }).click()
    await page.getByRole('heading', { name: 'Vera Visitor' }).waitFor()
    await page.getByRole('button', { name: 'Assign to me' }).click()
    await page.getByRole('textbox', { name: 'Note' }).fill('Called her back, recommends the small one')
    await page.getByRole('button', { name: 'Add note' }).click()
    await page.getByText('Called her back, recommends the small one').waitFor()
    await page.screenshot({ path: resolve(screenshots, 'consultation.png'), fullPage: true })
    await page.getByRole('button', { name: 'Convert to order' }).click()
    await page.getByRole('heading', { name: /Draft order/ }).waitFor()
    await expect.poll(total).toMatch(/15\.00/)

    const addressForm = page.getByRole('form', { name: 'Address' })
    await addressForm.getByLabel('Street').fill('Bergweg 2')
    await addressForm.getByLabel('Postal code').fill('3000')
    await addressForm.getByLabel('City').fill('Bern')
    await addressForm.getByRole('button', { name: 'Save address' }).click()
    await page.getByText('Changed billingAddress').waitFor()
    await page.getByRole('button', { name: 'Place order' }).click()
    await page.getByRole('heading', { name: /^Order / }).waitFor()
    const orderId = page.url().split('/orders/')[1].split('?')[0]
    const order = must(await ordo.api('GET', `/orders/${orderId}`), 200)
    expect(order.customer.name).toBe('Vera Visitor')
    expect(order.lines.map((l: any) => l.sku)).toEqual([second.sku])
    const c = must(await ordo.api('GET', `/consultations/${asked.id}`), 200)
    expect(c).toMatchObject({ status: 'processing', assignee: { name: 'Dora Desk' } })
    expect(errorsOf(page)).toEqual([])
  })
})

describe('quotes in the browser', () => {
  it('negotiates a price, sends the proposal and orders the accepted quote', async () => {
    const quote = must(await ordo.api('POST', '/quotes', {
      shop: world.shop.code, customer: { email: `b2b-${uid().toLowerCase()}@example.test`, name: 'Bruno Buyer', company: 'Bau AG' },
      lines: [{ sku: world.product.sku, quantity: 10 }], message: 'Ten please', poReference: 'PO-77',
    }), 201)
    await page.getByRole('link', { name: 'Quotes' }).click()
    await page.getByRole('link', { name: quote.number }).click()
    await page.getByRole('heading', { name: `Quote ${quote.number}` }).waitFor()
    await page.getByLabel(`Negotiated price of ${world.product.sku}`).fill('40.00')
    await page.getByRole('button', { name: 'Save prices' }).click()
    await page.getByText('CHF 400.00').first().waitFor()
    await page.getByLabel('Message to the customer').fill('Our best offer.')
    await page.getByRole('button', { name: 'Send proposal' }).click()
    await page.getByText('Proposed', { exact: true }).first().waitFor()
    await page.getByRole('button', { name: 'Customer accepted' }).click()
    await page.getByRole('heading', { name: 'Order at these prices' }).waitFor()
    const form = page.getByRole('form', { name: 'Address' })
    await form.getByLabel('Street').fill('Werkstrasse 1')
    await form.getByLabel('Postal code').fill('4000')
    await form.getByLabel('City').fill('Basel')
    await form.getByRole('button', { name: 'Use this billing address' }).click()
    await page.getByLabel('Approved by (at the customer)').fill('Frau Chef')
    await page.screenshot({ path: resolve(screenshots, 'quote.png'), fullPage: true })
    await page.getByRole('button', { name: 'Place order on invoice' }).click()
    // The quote page's own "Order at these prices" heading matches /^Order / too: wait for the order's page.
    await page.waitForURL(/\/orders\/[^/?]+/)
    await page.getByRole('heading', { name: /^Order / }).waitFor()
    const orderId = page.url().split('/orders/')[1].split('?')[0]
    const order = must(await ordo.api('GET', `/orders/${orderId}`), 200)
    expect(order.lines[0]).toMatchObject({ quantity: 10, unitPrice: 4000 })
    expect(must(await ordo.api('GET', `/orders/${orderId}/b2b`), 200)).toMatchObject({ poReference: 'PO-77', approver: 'Frau Chef', quoteId: quote.id })
    expect(errorsOf(page)).toEqual([])
  })
})
