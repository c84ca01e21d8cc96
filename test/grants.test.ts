/**
 * Security finding 2: delegation never escalates. A shop-limited administrator stays in its
 * shop, and whoever holds only roles.manage, users.manage or tokens.manage cannot hand
 * themselves (or a token) more than they hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type ApiHeaders, type Ordo } from './harness.ts'
import { createWorld, expectProblem, must, uid } from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const password = 'a proper passphrase 42'

/** A staff account with this role and shops, logged in: headers that act as it. */
async function staff(role: string, shops?: string[]): Promise<{ id: string; email: string; as: ApiHeaders }> {
  const email = `${uid().toLowerCase()}@staff.example`
  const { user } = must(await ordo.api('POST', '/users', { email, name: `Staff ${role}`, role, shops, password }), 201)
  const login = await ordo.raw('POST', '/api/v1/auth/login', { email, password })
  const csrf = must(login, 200).csrfToken
  const cookie = login.headers.get('set-cookie')!.split(';')[0]
  return { id: user.id, email, as: { authorization: null, cookie, 'x-csrf-token': csrf } }
}

async function customRole(permissions: string[]): Promise<string> {
  const code = `r_${uid().toLowerCase()}`
  must(await ordo.api('POST', '/roles', { code, name: code, permissions }), 201)
  return code
}

describe('a shop-limited administrator', () => {
  it('stays inside its shop: tokens, accounts, its own limit, other admins, lists and the audit log', async () => {
    const a = await createWorld(ordo.api)
    const b = await createWorld(ordo.api)
    const admin = await staff('administrator', [a.shop.code])
    const globalAdmin = await staff('administrator')
    const otherShop = await staff('call_centre', [b.shop.code])

    // A token without shops is a token for its own shop, never for every shop.
    const token = must(await ordo.api('POST', '/tokens', { name: 'mine', role: 'administrator' }, admin.as), 201)
    expect(token.shops).toEqual([a.shop.code])
    expectProblem(await ordo.api('POST', '/tokens', { name: 'all', role: 'administrator', shops: [] }, admin.as), 403, 'grant_exceeds_own')
    expectProblem(await ordo.api('POST', '/tokens', { name: 'b', role: 'administrator', shops: [b.shop.code] }, admin.as), 403, 'grant_exceeds_own')
    expectProblem(await ordo.api('POST', '/users', { email: `${uid()}@x.example`, name: 'Everywhere', role: 'administrator', shops: [], password }, admin.as), 403, 'grant_exceeds_own')

    expectProblem(await ordo.api('PATCH', `/users/${admin.id}`, { shops: [] }, admin.as), 403, 'own_access_change')
    expectProblem(await ordo.api('PATCH', `/users/${admin.id}`, { shops: [a.shop.code, b.shop.code] }, admin.as), 403, 'own_access_change')
    expectProblem(await ordo.api('POST', `/users/${globalAdmin.id}/reset-password`, {}, admin.as), 404, 'user_not_found')
    expectProblem(await ordo.api('PATCH', `/users/${otherShop.id}`, { active: false }, admin.as), 404, 'user_not_found')
    expectProblem(await ordo.api('GET', `/users/${globalAdmin.id}`, undefined, admin.as), 404, 'user_not_found')

    const seen = must(await ordo.api('GET', '/users', undefined, admin.as), 200).items.map((u: any) => u.id)
    expect(seen).toContain(admin.id)
    expect(seen).not.toContain(globalAdmin.id)
    expect(seen).not.toContain(otherShop.id)
    const tokens = must(await ordo.api('GET', '/tokens', undefined, admin.as), 200).items
    expect(tokens.map((t: any) => t.id)).toEqual([token.id])

    const audit = must(await ordo.api('GET', '/audit?limit=500', undefined, admin.as), 200).items
    expect(audit.length).toBeGreaterThan(0)
    for (const entry of audit) expect(entry.shops).toEqual([a.shop.code])
    const everything = must(await ordo.api('GET', '/audit?limit=500'), 200).items
    expect(everything.some((e: any) => e.targetId === otherShop.id)).toBe(true)

    // The global administrator still works: nothing above changed it.
    must(await ordo.api('GET', '/users', undefined, globalAdmin.as), 200)
  })
})

describe('delegated permissions', () => {
  it('roles.manage alone cannot widen its own role or make a role with more', async () => {
    const role = await customRole(['roles.manage', 'orders.read'])
    const manager = await staff(role)
    expectProblem(await ordo.api('PATCH', `/roles/${role}`, { permissions: ['roles.manage', 'users.manage'] }, manager.as), 403, 'own_access_change')
    expectProblem(await ordo.api('POST', '/roles', { code: `x_${uid().toLowerCase()}`, name: 'Everything', permissions: ['orders.read', 'users.manage'] }, manager.as), 403, 'grant_exceeds_own')
    const other = await customRole(['orders.read'])
    expectProblem(await ordo.api('PATCH', `/roles/${other}`, { permissions: ['orders.read', 'tokens.manage'] }, manager.as), 403, 'grant_exceeds_own')
    must(await ordo.api('POST', '/roles', { code: `ok_${uid().toLowerCase()}`, name: 'Readers', permissions: ['orders.read'] }, manager.as), 201)
    const unchanged = must(await ordo.api('GET', '/roles'), 200).items.find((r: any) => r.code === role)
    expect(unchanged.permissions.sort()).toEqual(['orders.read', 'roles.manage'])
  })

  it('users.manage alone cannot make itself or anyone an administrator, nor take over an administrator', async () => {
    const role = await customRole(['users.manage'])
    const manager = await staff(role)
    const admin = await staff('administrator')
    expectProblem(await ordo.api('PATCH', `/users/${manager.id}`, { role: 'administrator' }, manager.as), 403, 'own_access_change')
    expectProblem(await ordo.api('POST', '/users', { email: `${uid()}@x.example`, name: 'Boss', role: 'administrator', password }, manager.as), 403, 'grant_exceeds_own')
    expectProblem(await ordo.api('POST', `/users/${admin.id}/reset-password`, {}, manager.as), 403, 'grant_exceeds_own')
    expectProblem(await ordo.api('PATCH', `/users/${admin.id}`, { active: false }, manager.as), 403, 'grant_exceeds_own')
    const me = must(await ordo.api('GET', `/users/${manager.id}`), 200)
    expect(me.role).toBe(role)
    // What it holds, it may give.
    must(await ordo.api('POST', '/users', { email: `${uid()}@x.example`, name: 'Peer', role, password }, manager.as), 201)
  })

  it('tokens.manage alone cannot make an administrator token', async () => {
    const role = await customRole(['tokens.manage', 'orders.read'])
    const manager = await staff(role)
    expectProblem(await ordo.api('POST', '/tokens', { name: 'root', role: 'administrator' }, manager.as), 403, 'grant_exceeds_own')
    expectProblem(await ordo.api('POST', '/tokens', { name: 'root' }, manager.as), 403, 'grant_exceeds_own')
    const reader = await customRole(['orders.read'])
    must(await ordo.api('POST', '/tokens', { name: 'reader', role: reader }, manager.as), 201)
  })

  it('refuses tokens for shops that do not exist, and weak passwords', async () => {
    expectProblem(await ordo.api('POST', '/tokens', { name: 'ghost', role: 'read_only', shops: ['NOSUCHSHOP'] }), 400, 'validation_failed')
    const email = `${uid().toLowerCase()}@x.example`
    for (const weak of ['          ', 'aaaaaaaaaaaa', email, `${email}1`, '   short   ']) {
      expectProblem(await ordo.api('POST', '/users', { email, name: 'Weak', role: 'read_only', password: weak }), 400, 'weak_password')
    }
    const users = must(await ordo.api('GET', '/users'), 200).items
    expect(users.some((u: any) => u.email === email)).toBe(false)
  })
})
