/**
 * The admin UI is served at / with a strict CSP; any other page path gets index.html
 * (the browser's router takes it from there), while /api and /docs keep their answers.
 */
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { expectProblem } from './fixtures.ts'
import { defaultWebDir } from '../src/http/web.ts'

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

  it('leaves the API and the docs alone', async () => {
    expectProblem(await ordo.raw('GET', '/api/v1/no-such-thing'), 404, 'not_found')
    expectProblem(await ordo.raw('GET', '/api/v1/orders'), 401)
    expect((await ordo.raw('GET', '/docs')).status).toBeLessThan(400)
    expect((await ordo.raw('GET', '/openapi.json')).contentType).toBe('application/json')
  })
})
