/** Staff access (A30): the permission matrix, shop scoping, revocation, sessions, CSRF, no secrets in answers, audit. */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type ApiHeaders, type Ordo } from './harness.ts'
import { card, createWorld, expectProblem, must, placeOrder } from './fixtures.ts'
import { actionPermissions, builtInRoles } from '../src/auth/permissions.ts'

let ordo: Ordo
const tokens: Record<string, string> = {}
beforeAll(async () => {
  ordo = await startOrdo()
  for (const role of Object.keys(builtInRoles)) {
    tokens[role] = must(await ordo.api('POST', '/tokens', { name: `matrix ${role}`, role }), 201).token
  }
})
afterAll(async () => { await ordo?.close() })

const as = (token: string): ApiHeaders => ({ authorization: `Bearer ${token}` })
const fill = (path: string, action = 'x') => path
  .replace('{id}', randomUUID()).replace('{deliveryId}', randomUUID()).replace('{code}', 'nope').replace('{sku}', 'NOPE').replace('{action}', action)

interface Operation { method: string; path: string; permission: string; action?: string }

async function operations(): Promise<Operation[]> {
  const doc = must(await ordo.raw('GET', '/openapi.json'), 200)
  const ops: Operation[] = []
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue
    for (const [method, op] of Object.entries<any>(item)) {
      expect(op['x-permission'], `${method} ${path} says what it needs`).toBeTruthy()
      if (path.endsWith('/actions/{action}')) {
        for (const [action, permission] of Object.entries(actionPermissions)) ops.push({ method: method.toUpperCase(), path, permission, action })
      } else ops.push({ method: method.toUpperCase(), path, permission: op['x-permission'] })
    }
  }
  return ops
}

const allows = (role: string, permission: string) =>
  permission === 'public' || permission === 'authenticated' || builtInRoles[role].permissions.includes(permission as never)

describe('the permission matrix', () => {
  it('every route of the API answers each built-in role exactly as its permission says', async () => {
    const ops = await operations()
    expect(ops.length).toBeGreaterThan(30)
    for (const op of ops) {
      for (const role of Object.keys(builtInRoles)) {
        if (op.path === '/api/v1/auth/logout') continue
        const body = ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined
        const res = await ordo.raw(op.method, fill(op.path, op.action), body, as(tokens[role]))
        const where = `${role} ${op.method} ${op.path} ${op.action ?? ''} -> ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`
        expect(res.status, where).toBeLessThan(500)
        if (allows(role, op.permission)) expect(res.status, where).not.toBe(403)
        else expectProblem(res, 403, 'forbidden')
      }
    }
  })

  it('gives each role the jobs the shop expects of it', async () => {
    const ops = await operations()
    const permitted = (role: string) => ops.filter((o) => allows(role, o.permission))
    const actionsOf = (role: string) => [...new Set(permitted(role).filter((o) => o.action).map((o) => o.action))].sort()
    expect(actionsOf('fulfilment')).toEqual(['pack', 'ready'])
    expect(actionsOf('logistics')).toEqual(['deliver', 'ship'])
    expect(actionsOf('finance')).toEqual(['advise-payment', 'confirm-payment', 'override-payment', 'return'])
    expect(actionsOf('call_centre')).toEqual(['approve', 'cancel', 'cancel-lines'])
    expect(actionsOf('read_only')).toEqual([])
    const writes = (role: string) => permitted(role).filter((o) => o.method !== 'GET' && !o.path.startsWith('/api/v1/auth/'))
    expect(writes('read_only')).toEqual([])
    expect(writes('call_centre').map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(['POST /api/v1/orders', 'PATCH /api/v1/customers/{id}', 'POST /api/v1/orders/{id}/notes']))
    for (const role of Object.keys(builtInRoles).filter((r) => r !== 'administrator')) {
      const admin = permitted(role).filter((o) => /\/(users|roles|tokens|audit|permissions)/.test(o.path) || (o.path.startsWith('/api/v1/shops') && o.method !== 'GET'))
      expect(admin, role).toEqual([])
    }
  })

  it('offers a fulfilment user neither Ship nor Cancel, and refuses them if asked', async () => {
    const world = await createWorld(ordo.api)
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card())
    const seen = must(await ordo.api('GET', `/orders/${order.id}`, undefined, as(tokens.fulfilment)), 200)
    expect(seen.allowedActions).toEqual([])
    expect(seen.deliveries[0].allowedActions).toEqual(['pack'])
    expectProblem(await ordo.api('POST', `/orders/${order.id}/actions/cancel`, {}, as(tokens.fulfilment)), 403, 'forbidden')
    must(await ordo.api('POST', `/orders/${order.id}/deliveries/${order.deliveries[0].id}/actions/pack`, {}, as(tokens.fulfilment)), 200)
    const ready = must(await ordo.api('POST', `/orders/${order.id}/deliveries/${order.deliveries[0].id}/actions/ready`, {}, as(tokens.fulfilment)), 200)
    expect(ready.deliveries[0].allowedActions).toEqual([])
    expectProblem(await ordo.api('POST', `/orders/${order.id}/deliveries/${order.deliveries[0].id}/actions/ship`, {}, as(tokens.fulfilment)), 403, 'forbidden')
    const admin = must(await ordo.api('GET', `/orders/${order.id}`), 200)
    expect(admin.deliveries[0].allowedActions).toEqual(['ship'])
  })
})

describe('shop scoping', () => {
  it('hides another shop\'s orders, customers and settings: 404 by id, absent from searches', async () => {
    const a = await createWorld(ordo.api)
    const b = await createWorld(ordo.api)
    const orderA = await placeOrder(ordo.api, a, [{ sku: a.product.sku, quantity: 1 }], card())
    const orderB = await placeOrder(ordo.api, b, [{ sku: b.product.sku, quantity: 1 }], card())
    const scoped = as(must(await ordo.api('POST', '/tokens', { name: 'shop A only', role: 'administrator', shops: [a.shop.code] }), 201).token)

    must(await ordo.api('GET', `/orders/${orderA.id}`, undefined, scoped), 200)
    for (const path of [`/orders/${orderB.id}`, `/orders/${orderB.id}/history`, `/orders/${orderB.id}/transactions`]) {
      expectProblem(await ordo.api('GET', path, undefined, scoped), 404, 'order_not_found')
    }
    expectProblem(await ordo.api('POST', `/orders/${orderB.id}/actions/cancel`, {}, scoped), 404, 'order_not_found')
    expectProblem(await ordo.api('POST', `/orders/${orderB.id}/notes`, { text: 'peek' }, scoped), 404, 'order_not_found')
    expectProblem(await ordo.api('GET', `/customers/${b.customer.id}`, undefined, scoped), 404, 'customer_not_found')
    expectProblem(await ordo.api('GET', `/shops/${b.shop.code}`, undefined, scoped), 404, 'shop_not_found')
    expectProblem(await ordo.api('POST', '/orders', {
      shop: b.shop.code, customer: { id: a.customer.id }, billingAddress: orderA.billingAddress,
      lines: [{ sku: b.product.sku, quantity: 1 }], payment: { method: 'invoice' },
    }, scoped), 404, 'shop_not_found')

    const everything = must(await ordo.api('GET', '/orders?limit=500', undefined, scoped), 200).items
    expect(everything.map((o: any) => o.shop)).toEqual(everything.map(() => a.shop.code))
    expect(everything.map((o: any) => o.id)).toContain(orderA.id)
    const byName = must(await ordo.api('GET', `/orders?q=${encodeURIComponent(b.customer.email)}`, undefined, scoped), 200).items
    expect(byName).toEqual([])
    const bySku = must(await ordo.api('GET', `/orders?sku=${b.product.sku}`, undefined, scoped), 200).items
    expect(bySku).toEqual([])
    const shops = must(await ordo.api('GET', '/shops', undefined, scoped), 200).items.map((s: any) => s.code)
    expect(shops).toEqual([a.shop.code])
    const customers = must(await ordo.api('GET', '/customers?limit=500', undefined, scoped), 200).items.map((c: any) => c.id)
    expect(customers).toContain(a.customer.id)
    expect(customers).not.toContain(b.customer.id)
    expectProblem(await ordo.api('GET', `/customers/${b.customer.id}/orders`, undefined, scoped), 404, 'customer_not_found')
  })
})

async function logIn(email: string, password: string) {
  const res = await ordo.raw('POST', '/api/v1/auth/login', { email, password })
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? ''
  return { res, cookie, csrf: res.body?.csrfToken as string }
}

describe('sessions and tokens', () => {
  it('a revoked or expired token stops working at once', async () => {
    const made = must(await ordo.api('POST', '/tokens', { name: 'short-lived', role: 'read_only' }), 201)
    must(await ordo.api('GET', '/shops', undefined, as(made.token)), 200)
    must(await ordo.api('DELETE', `/tokens/${made.id}`), 204)
    expectProblem(await ordo.api('GET', '/shops', undefined, as(made.token)), 401, 'unauthorized')
    const expired = must(await ordo.api('POST', '/tokens', { name: 'expired', expiresAt: new Date(Date.now() - 1000).toISOString() }), 201)
    expectProblem(await ordo.api('GET', '/shops', undefined, as(expired.token)), 401, 'unauthorized')
  })

  it('logs in with a cookie, needs the CSRF token to write, and logs out for good', async () => {
    const { user, password } = must(await ordo.api('POST', '/users', { email: 'cc@example.test', name: 'Cara Call', role: 'call_centre' }), 201)
    const { res, cookie, csrf } = await logIn(user.email, password)
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i)
    const me = must(await ordo.raw('GET', '/api/v1/auth/me', undefined, { cookie }), 200)
    expect(me).toMatchObject({ kind: 'user', email: 'cc@example.test', role: 'call_centre' })

    const customer = { email: `x${randomUUID().slice(0, 8)}@example.test`, name: 'Xavier' }
    expectProblem(await ordo.raw('POST', '/api/v1/customers', customer, { cookie }), 403, 'csrf_failed')
    expectProblem(await ordo.raw('POST', '/api/v1/customers', customer, { cookie, 'x-csrf-token': 'wrong' }), 403, 'csrf_failed')
    must(await ordo.raw('POST', '/api/v1/customers', customer, { cookie, 'x-csrf-token': csrf }), 201)

    expect((await ordo.raw('POST', '/api/v1/auth/logout', undefined, { cookie, 'x-csrf-token': csrf })).status).toBe(204)
    expectProblem(await ordo.raw('GET', '/api/v1/auth/me', undefined, { cookie }), 401, 'unauthorized')
  })

  it('ends sessions at once when the account is deactivated or its password reset', async () => {
    const { user, password } = must(await ordo.api('POST', '/users', { email: 'ff@example.test', name: 'Finn', role: 'finance' }), 201)
    const first = await logIn(user.email, password)
    must(await ordo.api('POST', `/users/${user.id}/reset-password`, { password: 'a-new-long-password' }), 200)
    expectProblem(await ordo.raw('GET', '/api/v1/auth/me', undefined, { cookie: first.cookie }), 401)
    const second = await logIn(user.email, 'a-new-long-password')
    must(await ordo.raw('GET', '/api/v1/auth/me', undefined, { cookie: second.cookie }), 200)
    must(await ordo.api('PATCH', `/users/${user.id}`, { active: false }), 200)
    expectProblem(await ordo.raw('GET', '/api/v1/auth/me', undefined, { cookie: second.cookie }), 401)
    expect((await logIn(user.email, 'a-new-long-password')).res.status).toBe(401)
  })

  it('says the same for a wrong password and an unknown account, and stops guessing after five', async () => {
    must(await ordo.api('POST', '/users', { email: 'rl@example.test', name: 'Rita', role: 'read_only', password: 'the-right-password' }), 201)
    const wrong = await logIn('rl@example.test', 'nope-nope-nope')
    const unknown = await logIn('nobody@example.test', 'nope-nope-nope')
    expectProblem(wrong.res, 401, 'unauthorized')
    expect(unknown.res.body.detail).toBe(wrong.res.body.detail)
    for (let i = 0; i < 4; i++) await logIn('rl@example.test', 'nope-nope-nope')
    const locked = await logIn('rl@example.test', 'the-right-password')
    expectProblem(locked.res, 429, 'too_many_attempts')
  })

  it('never shows a password hash, a token hash or a session id', async () => {
    const { user, password } = must(await ordo.api('POST', '/users', { email: 'leak@example.test', name: 'Lee', role: 'administrator' }), 201)
    const { res, cookie, csrf } = await logIn(user.email, password)
    const sessionId = cookie.split('=')[1]
    const made = must(await ordo.api('POST', '/tokens', { name: 'leak check' }), 201)
    const { hashToken } = await import('../src/auth/tokens.ts')
    const answers = [
      res.body,
      must(await ordo.api('GET', '/users'), 200),
      must(await ordo.api('GET', `/users/${user.id}`), 200),
      must(await ordo.api('GET', '/tokens'), 200),
      must(await ordo.api('GET', '/audit?limit=500'), 200),
      must(await ordo.raw('GET', '/api/v1/auth/me', undefined, { cookie }), 200),
      must(await ordo.raw('PATCH', `/api/v1/users/${user.id}`, { name: 'Lee Leak' }, { cookie, 'x-csrf-token': csrf }), 200),
    ].map((a) => JSON.stringify(a))
    for (const text of answers) {
      expect(text).not.toMatch(/scrypt\$|password_hash|passwordHash|token_hash|tokenHash/)
      expect(text).not.toContain(hashToken(made.token))
      expect(text).not.toContain(made.token)
      expect(text).not.toContain(sessionId)
    }
  })
})

describe('the audit log', () => {
  it('records who created users, changed roles, made tokens and changed shop settings, and what changed', async () => {
    const world = await createWorld(ordo.api)
    const { user } = must(await ordo.api('POST', '/users', { email: 'au@example.test', name: 'Aude', role: 'read_only' }), 201)
    must(await ordo.api('PATCH', `/users/${user.id}`, { role: 'finance' }), 200)
    must(await ordo.api('POST', '/roles', { code: 'packers', name: 'Packers', permissions: ['orders.read', 'deliveries.fulfil'] }), 201)
    must(await ordo.api('PATCH', `/shops/${world.shop.code}`, { settings: { approvalThreshold: 50000 } }), 200)
    const items = must(await ordo.api('GET', '/audit?limit=500'), 200).items
    const find = (action: string, target: string) => items.find((i: any) => i.action === action && i.targetId === target)
    expect(find('user.created', user.id)).toMatchObject({ actor: { name: 'ORDO_ADMIN_TOKEN' }, changes: { role: 'read_only' } })
    expect(find('user.updated', user.id)).toMatchObject({ changes: { role: { from: 'read_only', to: 'finance' } } })
    expect(find('role.created', 'packers')).toMatchObject({ changes: { permissions: ['orders.read', 'deliveries.fulfil'] } })
    expect(find('shop.updated', world.shop.code)).toMatchObject({ changes: { approvalThreshold: { from: null, to: 50000 } } })
    expect(items.some((i: any) => i.action === 'token.created')).toBe(true)
  })

  it('a custom role grants just its permissions', async () => {
    const made = must(await ordo.api('POST', '/tokens', { name: 'packer bot', role: 'packers' }), 201)
    must(await ordo.api('GET', '/orders', undefined, as(made.token)), 200)
    expectProblem(await ordo.api('GET', '/customers', undefined, as(made.token)), 403, 'forbidden')
    expectProblem(await ordo.api('PATCH', '/roles/administrator', { name: 'Boss' }), 403, 'forbidden')
  })
})
