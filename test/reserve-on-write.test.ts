/**
 * Placement plans from the stock as read, unlocked, and locks the stock rows only in the
 * statement that writes the order. When another change sold the stock in between, that
 * write is refused by the stock's check constraint, and the placement runs again from the
 * start with the rows locked first: refused when nothing is left, served from the next
 * warehouse when it has some. PostgreSQL only: the other change holds its lock from a
 * second connection.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { createWorld, expectProblem, getOrder, getStock, must, orderBody, setStock, uid } from './fixtures.ts'

const onPostgres = Boolean(process.env.TEST_DATABASE_URL?.trim())

let ordo: Ordo
beforeAll(async () => { if (onPostgres) ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

/**
 * Places an order for one unit of `sku` while another transaction holds the SKU's stock rows;
 * once the placement waits for them, that transaction sets the first warehouse's stock to
 * nothing and commits. Returns the placement's response.
 */
async function placeWhileStockIsSold(world: Awaited<ReturnType<typeof createWorld>>, sku: string) {
  const { placing, waiting } = await ordo.db.transaction().execute(async (trx) => {
    await sql`select 1 from stock_levels where sku = ${sku} for update`.execute(trx)
    const placing = ordo.api('POST', '/orders', orderBody(world, [{ sku, quantity: 1 }], { method: 'invoice' }))
    const waiting = await waitForLockWait()
    await sql`update stock_levels set on_hand = 0 where sku = ${sku} and warehouse_code = ${world.warehouse.code}`.execute(trx)
    return { placing, waiting }
  })
  // It waited in the statement that writes the order (a data-modifying WITH), not in a locking read before.
  expect(waiting).toMatch(/^with "write_0" as \(insert into "order_lines"/)
  return placing
}

/** Until a statement waits for a row lock: the placement's write (its text, long, is cut short in pg_stat_activity). */
async function waitForLockWait() {
  for (let i = 0; i < 500; i++) {
    const { rows } = await sql<{ query: string }>`select query from pg_stat_activity
      where wait_event_type = 'Lock' and datname = current_database()`.execute(ordo.db)
    if (rows.length > 0) return rows[0].query
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('The placement never waited for the stock rows')
}

describe.runIf(onPostgres)('stock sold between the placement\'s read and its write', () => {
  it('the placement runs again with the rows locked first and is refused: nothing reserved, no order', async () => {
    const world = await createWorld(ordo.api, { stock: 1 })
    const sku = world.product.sku
    const res = await placeWhileStockIsSold(world, sku)
    expectProblem(res, 409, 'out_of_stock')
    expect(await getStock(ordo.api, sku)).toMatchObject({ onHand: 0, reserved: 0, available: 0 })
    const orders = must(await ordo.api('GET', `/orders?sku=${encodeURIComponent(sku)}`), 200)
    expect(orders.items).toHaveLength(0)
  })

  it('the placement runs again and takes the unit from the next warehouse', async () => {
    const world = await createWorld(ordo.api, { stock: 1 })
    const sku = world.product.sku
    const next = must(await ordo.api('POST', '/warehouses', { code: `W${uid()}`, name: 'Second choice', priority: 1000 }), 201)
    await setStock(ordo.api, next.code, sku, 1)
    const res = await placeWhileStockIsSold(world, sku)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const order = await getOrder(ordo.api, res.body.id)
    expect(order.deliveries.map((d: { warehouse: string }) => d.warehouse)).toEqual([next.code])
    const stock = await getStock(ordo.api, sku)
    expect(stock.levels.find((l) => l.warehouse === world.warehouse.code)).toMatchObject({ onHand: 0, reserved: 0 })
    expect(stock.levels.find((l) => l.warehouse === next.code)).toMatchObject({ onHand: 1, reserved: 1 })
  })
})
