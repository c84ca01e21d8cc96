/**
 * Counts the SQL statements one placement runs, by placing orders through the app
 * in this process with a Kysely plugin that counts every query it builds.
 */
import type { KyselyPlugin } from 'kysely'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import type { Database } from '../../src/db/database.ts'
import { createTestGateway } from '../../src/payments/test-gateway.ts'
import { orderBody, type World } from './world.ts'

export async function countStatementsPerPlacement(db: Database, world: World): Promise<Record<string, number>> {
  let count = 0
  const counter: KyselyPlugin = {
    transformQuery: (args) => { count++; return args.node },
    transformResult: async (args) => args.result,
  }
  const token = 'statement-counter-token'
  const app = await buildApp({ db: db.withPlugin(counter), config: { ...loadConfig({}), adminToken: token }, gateway: createTestGateway() })
  const result: Record<string, number> = {}
  try {
    for (const lines of [1, 3, 20]) {
      const body = orderBody({ ...world, skus: world.skus.slice(0, 20) }, 0, lines)
      // Once to warm up, then counted.
      await app.inject({ method: 'POST', url: '/api/v1/orders', payload: body, headers: { authorization: `Bearer ${token}` } })
      count = 0
      const res = await app.inject({ method: 'POST', url: '/api/v1/orders', payload: body, headers: { authorization: `Bearer ${token}` } })
      if (res.statusCode !== 201) throw new Error(`placement failed: ${res.body}`)
      result[`${lines} line${lines > 1 ? 's' : ''}`] = count
    }
  } finally {
    await app.close()
  }
  return result
}
