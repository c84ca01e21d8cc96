/**
 * The System page in a real browser: an administrator sees readiness, the job queue and
 * the pool; a read-only user has no System entry. Saves a screenshot to test-results/.
 */
import { resolve } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startOrdo, type Ordo } from '../harness.ts'
import { must, uid } from '../fixtures.ts'
import { errorsOf, launch, loggedIn, screenshots } from './browser.ts'

let ordo: Ordo
let browser: Browser
const password = 'browser-test-password'
const users = { admin: `sys-${uid().toLowerCase()}@example.test`, reader: `reader-${uid().toLowerCase()}@example.test` }

beforeAll(async () => {
  ordo = await startOrdo()
  browser = await launch()
  must(await ordo.api('POST', '/users', { email: users.admin, name: 'Sam Sysadmin', role: 'administrator', password }), 201)
  must(await ordo.api('POST', '/users', { email: users.reader, name: 'Rita Reader', role: 'read_only', password }), 201)
  await sql`insert into jobs (kind, run_at) values ('mail.send', now() - interval '5 minutes')`.execute(ordo.db)
})

afterAll(async () => {
  await browser?.close()
  await ordo?.close()
})

describe('the System page', () => {
  it('shows an administrator that the system is ready, the waiting jobs and the pool', async () => {
    const page = await loggedIn(browser, ordo.url, users.admin, password)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'System' }).click()
    await page.getByRole('heading', { name: 'System' }).waitFor()
    await page.getByText('Ready', { exact: true }).waitFor()
    await page.getByText('All applied').waitFor()
    const row = page.getByRole('row').filter({ hasText: 'mail.send' })
    await row.waitFor()
    await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('1')
    await expect(row.getByRole('cell').nth(3).textContent()).resolves.toBe('5 min')
    await page.screenshot({ path: resolve(screenshots, 'system-page.png'), fullPage: true })
    expect(errorsOf(page)).toEqual([])
  })

  it('is not offered to a read-only user', async () => {
    const page = await loggedIn(browser, ordo.url, users.reader, password)
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'System' }).count()).resolves.toBe(0)
  })
})
