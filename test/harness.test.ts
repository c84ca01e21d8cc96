/** The harness itself: the database it promised, fresh, and the app over real HTTP. */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sql } from 'kysely'
import { startOrdo, snapshotCounts, type Ordo } from './harness.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

it('runs on the database TEST_DATABASE_URL asks for, in a fresh database of its own', async () => {
  expect(ordo.kind).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite')
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(ordo.db)
  if (ordo.kind === 'postgres') expect(rows[0].name).toMatch(/^ordo_t_[0-9a-f]+$/)
  const counts = await snapshotCounts(ordo.db)
  expect(counts.orders).toBe(0)
  expect(counts.shops).toBe(0)
})

it('serves HTTP on a loopback port, with and without the token', async () => {
  expect(ordo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  expect((await ordo.raw('GET', '/health')).body).toMatchObject({ status: 'ok' })
  expect((await ordo.api('GET', '/shops')).status).toBe(200)
  expect((await ordo.raw('GET', '/api/v1/shops')).status).toBe(401)
})

it('serves the OpenAPI 3.1 document', async () => {
  const doc = (await ordo.raw('GET', '/openapi.json')).body
  expect(doc.openapi).toMatch(/^3\.1/)
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/orders', '/api/v1/orders/{id}/actions/{action}']))
})
