/**
 * Drives Debian's chromium (`apt-get install chromium`) with playwright-core: the
 * browser cannot be downloaded here, so `npx playwright install` is never needed.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const screenshots = resolve(import.meta.dirname, '../../test-results')

export async function launch(): Promise<Browser> {
  if (!existsSync(executablePath)) throw new Error(`No chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM_PATH)`)
  mkdirSync(screenshots, { recursive: true })
  return chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
}

/** A fresh browser context (no cookies) at laptop size, logged in through the form. */
export async function loggedIn(browser: Browser, baseURL: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 }, locale: 'en-GB' })
  const page = await context.newPage()
  // Anything the UI logs as an error (a failed render, a CSP refusal) fails the test that looks at it.
  // The browser's own line for a refusal the UI shows the user (401, 409, 422) is not one.
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  page.on('console', (m) => { if (m.type() === 'error' && !/status of (401|409|422)/.test(m.text())) errors.push(m.text()) })
  ;(page as Page & { errors: string[] }).errors = errors
  await page.goto('/')
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.getByRole('heading', { name: 'Orders' }).waitFor()
  return page
}

export const errorsOf = (page: Page): string[] => (page as Page & { errors?: string[] }).errors ?? []
