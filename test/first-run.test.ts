/** A new user's first start and the staff CLI: the first administrator, demo logins, `ordo user`, `ordo token --shop`. */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { startServerProcess, type ServerProcess } from './server-process.ts'
import { DEMO_PASSWORD, demoStaff } from '../src/demo/staff.ts'
import { openDatabase } from '../src/db/database.ts'

/** A shop row in the embedded database of `dir`, as opening a shop would leave it. */
async function addShop(dir: string, code: string) {
  const handle = await openDatabase({ dataDir: dir })
  try {
    await handle.db.insertInto('shops').values({ code, name: code.toUpperCase(), currency: 'CHF', prices_include_tax: true, approval_threshold: null }).execute()
  } finally {
    await handle.close()
  }
}

const run = promisify(execFile)
const dirs: string[] = []
const servers: ServerProcess[] = []
afterAll(async () => {
  for (const s of servers) await s.stop()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function dataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'ordo-first-run-'))
  dirs.push(dir)
  return dir
}

const ordo = (dir: string, ...args: string[]) =>
  run(process.execPath, ['bin/ordo.js', ...args], { env: { ...process.env, ORDO_DATA_DIR: dir, DATABASE_URL: '', ORDO_DEMO: '0' } })

async function login(url: string, email: string, password: string) {
  return fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
}

describe('the first start', () => {
  it('makes the first administrator on an empty database, prints its login once, and never again', async () => {
    const dir = dataDir()
    const first = await startServerProcess('', { ORDO_DATA_DIR: dir, DATABASE_URL: '', ORDO_DEMO: '0', ORDO_ADMIN_TOKEN: '', LOG_LEVEL: 'warn' }, { captureOutput: true })
    servers.push(first)
    const password = first.output().match(/password:\s+(\S+)/)?.[1]
    expect(first.output()).toContain('admin@ordo.local')
    expect(password).toBeTruthy()
    const res = await login(first.url, 'admin@ordo.local', password!)
    expect(res.status).toBe(200)
    expect(((await res.json()) as any).user.role).toBe('administrator')
    await first.stop()

    const second = await startServerProcess('', { ORDO_DATA_DIR: dir, DATABASE_URL: '', ORDO_DEMO: '0', ORDO_ADMIN_TOKEN: '', LOG_LEVEL: 'warn' }, { captureOutput: true })
    servers.push(second)
    expect(second.output()).not.toContain('password:')
  }, 300_000)

  it('gives the demo data one login per built-in role, as the README lists them', async () => {
    const dir = dataDir()
    const server = await startServerProcess('', { ORDO_DATA_DIR: dir, DATABASE_URL: '', ORDO_DEMO: '1', LOG_LEVEL: 'warn' }, { captureOutput: true, startupMs: 240_000 })
    servers.push(server)
    for (const person of demoStaff) {
      const res = await login(server.url, person.email, DEMO_PASSWORD)
      expect(res.status, person.email).toBe(200)
      const body = (await res.json()) as any
      expect(body.user.role).toBe(person.role)
      expect(body.user.shops).toEqual(person.shops ?? null)
    }
    await server.stop()
  }, 300_000)
})

describe('the staff CLI', () => {
  it('creates a user, resets the password, and makes a token limited to a shop', async () => {
    const dir = dataDir()
    await ordo(dir, 'migrate')
    const created = await ordo(dir, 'user', 'create', '--email', 'nina@example.test', '--name', 'Nina', '--role', 'finance')
    const firstPassword = created.stdout.trim()
    expect(firstPassword.length).toBeGreaterThanOrEqual(10)
    const reset = await ordo(dir, 'user', 'reset-password', '--email', 'nina@example.test')
    const newPassword = reset.stdout.trim()
    expect(newPassword).not.toBe(firstPassword)
    // A token for a shop that does not exist is refused, not stored (security finding 7).
    await expect(ordo(dir, 'token', 'create', '--name', 'erp', '--role', 'read_only', '--shop', 'ch')).rejects.toThrow(/No such shops: ch/)
    await addShop(dir, 'ch')
    const token = (await ordo(dir, 'token', 'create', '--name', 'erp', '--role', 'read_only', '--shop', 'ch')).stdout.trim()
    await expect(ordo(dir, 'user', 'create', '--email', 'x@example.test', '--name', 'X', '--role', 'nonsense')).rejects.toThrow(/no role/)

    const server = await startServerProcess('', { ORDO_DATA_DIR: dir, DATABASE_URL: '', ORDO_DEMO: '0', LOG_LEVEL: 'warn' })
    servers.push(server)
    expect((await login(server.url, 'nina@example.test', firstPassword)).status).toBe(401)
    expect((await login(server.url, 'nina@example.test', newPassword)).status).toBe(200)
    const me = await (await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json()
    expect(me).toMatchObject({ role: 'read_only', shops: ['ch'] })
    await server.stop()
  }, 300_000)
})
