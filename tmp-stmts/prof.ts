import { scratchDatabase } from '../bench/lib/database.ts'
import { spawn } from 'node:child_process'
import { runLoad } from '../bench/lib/load.ts'
import { client, makeWorld, orderBody } from '../bench/lib/world.ts'
import { untilQuiet } from '../bench/lib/cpu.ts'
import { sql } from 'kysely'
const db = await scratchDatabase()
const token = 'prof-token-123456789012345678901234'
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', 'bin/ordo.js', 'serve', ...process.argv.slice(2)], { env: { ...process.env, DATABASE_URL: db.url, PORT: '4555', HOST: '127.0.0.1', ORDO_DEMO: '0', ORDO_ADMIN_TOKEN: token, LOG_LEVEL: 'warn' }, stdio: 'inherit' })
for (let i = 0; i < 100; i++) { try { if ((await fetch('http://127.0.0.1:4555/health')).ok) break } catch {} await new Promise((r) => setTimeout(r, 300)) }
const server = { url: 'http://127.0.0.1:4555', token, stop: async () => { child.kill('SIGTERM'); await new Promise((r) => child.on('exit', r)) } }
try {
  const api = client(server.url, server.token)
  const world = await makeWorld(api, { products: 20, stock: 10_000_000, customers: 200 })
  const place = async (c: number) => (await api.call('POST', '/orders', orderBody(world, c, 3))).status === 201
  await runLoad(16, 5, place)
  await untilQuiet()
  await sql`analyze`.execute(db.handle.db)
  const r = await runLoad(32, 10, place)
  console.log('orders/s', r.perSecond)
} finally { await server.stop(); await db.drop() }
