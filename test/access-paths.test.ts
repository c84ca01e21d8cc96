/**
 * Security finding 1: access was decided from the URL text, so `/%61pi/v1/users` (which the
 * router decodes to /api/v1/users) answered without a login. Every route of the OpenAPI
 * document is called without credentials in each spelling a router might normalise.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { createWorld, must } from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) =>
  name === 'action' ? 'cancel' : /id$/i.test(name) ? randomUUID() : 'NOPE')

/** The same path as a router may see it after decoding or normalising. */
export function spellings(path: string): string[] {
  const encodeFirst = (segment: string) => `%${segment.charCodeAt(0).toString(16)}${segment.slice(1)}`
  const parts = path.split('/')
  return [
    '/' + encodeFirst(path.slice(1)),                                  // /%61pi/v1/...
    parts.map((p, i) => (i === 3 && p ? encodeFirst(p) : p)).join('/'), // /api/v1/%75sers
    path.replace('/api/', '/%2561pi/'),                                 // double encoding
    '/' + path,                                                         // //api/v1/...
    path.replace('/api/v1/', '/api//v1/'),
    path.replace('/api/v1/', '/api/v1//'),
    path + '.',
    path + '/',
    path + '/.',
    path.replace('/api/', '/API/'),
    path.replace('/api/v1/', '/Api/V1/'),
    path.replace('/api/', '/api/./'),
    path.replace('/api/v1/', '/api/x/../v1/'),
    path.replace('/api/', '/api%2f'),
    path + '%00',
    path + '?a=b',
    path + ';x',
  ]
}

describe('access is decided from the matched route', () => {
  it('refuses every API route, in every spelling of its path, without a login', async () => {
    const doc = must(await ordo.raw('GET', '/openapi.json'), 200)
    let calls = 0
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue
      for (const [method, op] of Object.entries<any>(item)) {
        if (op['x-permission'] === 'public') continue
        const body = ['post', 'put', 'patch'].includes(method) ? {} : undefined
        for (const spelled of spellings(fill(path))) {
          const res = await ordo.raw(method.toUpperCase(), spelled, body)
          calls++
          expect([400, 401, 404], `${method} ${spelled} -> ${res.status}`).toContain(res.status)
          expect(res.contentType, `${method} ${spelled}`).toBe('application/problem+json')
        }
      }
    }
    expect(calls).toBeGreaterThan(500)
  })

  it('changes no product or stock through an encoded path', async () => {
    const world = await createWorld(ordo.api)
    const sku = world.product.sku
    const before = must(await ordo.api('GET', `/products/${sku}`), 200)
    const patch = await ordo.raw('PATCH', `/%61pi/v1/products/${sku}`, { name: 'taken over' })
    expect(patch.status).toBe(401)
    const put = await ordo.raw('PUT', `/%61pi/v1/warehouses/${world.warehouse.code}/stock/${sku}`, { onHand: 999 })
    expect(put.status).toBe(401)
    expect(must(await ordo.api('GET', `/products/${sku}`), 200)).toEqual(before)
    const users = await ordo.raw('GET', '/%61pi/v1/users')
    expect(users.status).toBe(401)
  })
})
