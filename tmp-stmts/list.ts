import { sql } from 'kysely'
import { scratchDatabase } from '../bench/lib/database.ts'
import { startServerProcess } from '../test/server-process.ts'
import { client, makeWorld, orderBody } from '../bench/lib/world.ts'
const db = await scratchDatabase()
const name = new URL(db.url).pathname.slice(1)
await sql.raw(`alter database ${name} set log_statement = 'all'`).execute(db.handle.db)
const server = await startServerProcess(db.url)
try {
  const api = client(server.url, server.token)
  const world = await makeWorld(api, { products: 5, stock: 1000, customers: 3 })
  for (let i = 0; i < 3; i++) await api.call('POST', '/orders', orderBody(world, 0, 3))
  await new Promise((r) => setTimeout(r, 3000))
  console.log('MARK', new Date().toISOString())
  const r = await api.call('POST', '/orders', orderBody(world, 0, 3))
  console.log(r.status)
  await new Promise((r) => setTimeout(r, 500))
  console.log('END', new Date().toISOString())
} finally { await server.stop(); await db.drop() }
