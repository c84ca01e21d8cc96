/**
 * The admin UI is served at / with a strict CSP; its page paths get index.html (the
 * browser's router takes it from there), while /api, /docs and every other path keep
 * their answers: a monitor probing /metrics or /readyz must see a 404, not the UI.
 */
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { expectProblem } from './fixtures.ts'
import { defaultWebDir } from '../src/http/web.ts'
import { uiSections } from '../src/http/ui-sections.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const built = existsSync(`${defaultWebDir}/index.html`)

describe('the admin UI', () => {
  it.runIf(built)('serves index.html at / and at any page path, with a CSP that allows no inline script', async () => {
    for (const path of ['/', '/orders', '/orders/0190aaaa-0000-7000-8000-000000000000?tab=history', '/customers']) {
      const res = await ordo.raw('GET', path)
      expect(res.status, path).toBe(200)
      expect(res.contentType).toBe('text/html')
      expect(res.body).toContain('<div id="root">')
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/)
    }
  })

  it.runIf(built)('serves the built assets, and a missing asset is a 404, not the page', async () => {
    const index = (await ordo.raw('GET', '/')).body as string
    const script = index.match(/src="(\/assets\/[^"]+\.js)"/)?.[1]
    expect(script).toBeTruthy()
    const res = await ordo.raw('GET', script!)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('immutable')
    expect((await ordo.raw('GET', '/assets/nothing-here.js')).status).toBe(404)
  })

  it('answers 404 for paths that are not pages of the UI', async () => {
    for (const path of ['/readyz', '/metricz', '/.git/config', '/orders.php', '/wp-admin', '/%2561pi/v1/auth/me', '/API/v1/orders', '/api']) {
      const res = await ordo.raw('GET', path)
      expect(res.status, path).toBe(404)
      expect(res.contentType, path).toBe('application/problem+json')
    }
  })

  it('knows every page of the UI as a page', () => {
    const app = readFileSync(new URL('../web/src/App.tsx', import.meta.url), 'utf8')
    const sections = [...app.matchAll(/path="\/([a-z-]+)/g)].map((m) => m[1])
    expect(sections.length).toBeGreaterThan(3)
    for (const section of sections) expect(uiSections, `add "${section}" to src/http/ui-sections.ts`).toContain(section)
  })

  it('leaves the API and the docs alone', async () => {
    expectProblem(await ordo.raw('GET', '/api/v1/no-such-thing'), 404, 'not_found')
    expectProblem(await ordo.raw('GET', '/api/v1/orders'), 401)
    expect((await ordo.raw('GET', '/docs')).status).toBeLessThan(400)
    expect((await ordo.raw('GET', '/openapi.json')).contentType).toBe('application/json')
  })
})
