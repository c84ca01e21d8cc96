/**
 * Loads the demo data: two shops, a catalogue, stock, customers and a few hundred
 * orders in every state. Everything goes through the API in-process, with a
 * short-lived token named "demo-data" that is revoked at the end, so the history
 * of every demo order says who made it.
 */
import type { Config } from '../config.ts'
import type { Database } from '../db/database.ts'
import { buildApp } from '../app.ts'
import { createApiToken, revokeApiToken } from '../auth/tokens.ts'
import { systemActor } from '../auth/actor.ts'
import { createTestGateway } from '../payments/test-gateway.ts'
import { demoClient } from './client.ts'
import { seededRandom } from './random.ts'
import { makePeople } from './people.ts'
import { makePlans } from './scenarios.ts'
import { demoProducts, demoShops } from './catalog.ts'
import { createCatalogue, createCustomers } from './setup.ts'
import { playOrder } from './order-flow.ts'
import { createDemoStaff } from './staff.ts'

/** Who the demo data says made it (a system actor, and the name of its short-lived token). */
export const demoActor = systemActor('demo-data')

export interface DemoOptions {
  /** How many orders to place (default 250). */
  orders?: number
  customers?: number
  /** Same seed, same data. */
  seed?: number
}

export interface DemoSummary { shops: number; products: number; customers: number; orders: number; ms: number }

export async function loadDemoData(db: Database, config: Config, options: DemoOptions = {}): Promise<DemoSummary> {
  const started = Date.now()
  const random = seededRandom(options.seed ?? 20240601)
  const actor = demoActor
  const { id: tokenId, token } = await createApiToken(db, actor.name, actor)
  const app = await buildApp({ db, config, gateway: createTestGateway() })
  try {
    const api = demoClient(app, token)
    await createCatalogue(api)
    await createDemoStaff(api)
    const people = makePeople(random, options.customers ?? 50)
    await createCustomers(api, people)
    const plans = makePlans(random, people, options.orders ?? 250)
    for (const plan of plans) await playOrder(api, random, plan)
    return { shops: demoShops.length, products: demoProducts.length, customers: people.length, orders: plans.length, ms: Date.now() - started }
  } finally {
    await app.close()
    await revokeApiToken(db, actor, tokenId)
  }
}

/** Whether the database holds no shop yet, so demo data may go in. */
export async function isEmpty(db: Database): Promise<boolean> {
  const shop = await db.selectFrom('shops').select('code').limit(1).executeTakeFirst()
  return shop === undefined
}
