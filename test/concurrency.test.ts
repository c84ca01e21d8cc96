/**
 * Concurrency claims, proved with real parallel HTTP requests: no oversell, one winner
 * when two people act on the same order at once, and idempotent retries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { snapshotCounts, startOrdo, type Ordo } from './harness.ts'
import {
  advanceDelivery, card, createProduct, createWarehouse, createWorld, deliveryAction, deliveryOf, expectProblem,
  getHistory, getOrder, getStock, getTransactions, must, orderAction, orderBody, placeOrder, setStock, sumOf, uid,
} from './fixtures.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

/** Polls the stock of `sku` until `done` settles, and returns every reading. */
async function watchStock(sku: string, done: Promise<unknown>) {
  const readings: { onHand: number; reserved: number; available: number }[] = []
  let finished = false
  done.finally(() => { finished = true }).catch(() => {})
  while (!finished) {
    const res = await ordo.api('GET', `/stock/${sku}`)
    if (res.status === 200) readings.push(res.body)
    await new Promise((r) => setTimeout(r, 5))
  }
  return readings
}

/** Orders held for `sku`, by the search API and order by order. */
async function quantityHeldByOrders(sku: string) {
  const list = must(await ordo.api('GET', `/orders?sku=${encodeURIComponent(sku)}&limit=100`), 200)
  let held = 0
  for (const summary of list.items) {
    const order = await getOrder(ordo.api, summary.id)
    if (order.status === 'cancelled') continue
    for (const line of order.lines) if (line.sku === sku) held += line.quantity
  }
  return { orders: list.items.length, held }
}

describe('parallel placements never oversell', () => {
  it('50 parallel orders for a SKU with 10 in stock: exactly 10 placed, 40 out of stock', async () => {
    const world = await createWorld(ordo.api, { stock: 10 })
    const sku = world.product.sku
    const placing = Promise.all(Array.from({ length: 50 }, () =>
      ordo.api('POST', '/orders', orderBody(world, [{ sku, quantity: 1 }], { method: 'invoice' }))))
    const [results, readings] = await Promise.all([placing, watchStock(sku, placing)])

    const placed = results.filter((r) => r.status === 201)
    const refused = results.filter((r) => r.status !== 201)
    expect(placed.length, JSON.stringify(refused.find((r) => r.status !== 409)?.body ?? '')).toBe(10)
    expect(refused.length).toBe(40)
    for (const r of refused) expectProblem(r, 409, 'out_of_stock')
    expect(new Set(placed.map((r) => r.body.id)).size).toBe(10)
    expect(new Set(placed.map((r) => r.body.number)).size).toBe(10)

    for (const reading of readings) {
      expect(reading.available).toBeGreaterThanOrEqual(0)
      expect(reading.reserved).toBeLessThanOrEqual(reading.onHand)
    }
    const stock = await getStock(ordo.api, sku)
    expect(stock).toMatchObject({ onHand: 10, reserved: 10, available: 0 })
    expect(await quantityHeldByOrders(sku)).toEqual({ orders: 10, held: 10 })
  })

  it('random quantities: reserved equals what the placed orders hold, and every refusal was right', async () => {
    const world = await createWorld(ordo.api, { stock: 20 })
    const sku = world.product.sku
    const quantities = Array.from({ length: 30 }, (_, i) => 1 + (i * 7) % 3)
    const results = await Promise.all(quantities.map((quantity) =>
      ordo.api('POST', '/orders', orderBody(world, [{ sku, quantity }], card('test_ok')))))

    let placedQuantity = 0
    const refusedQuantities: number[] = []
    results.forEach((r, i) => {
      if (r.status === 201) placedQuantity += quantities[i]
      else { expectProblem(r, 409, 'out_of_stock'); refusedQuantities.push(quantities[i]) }
    })
    const stock = await getStock(ordo.api, sku)
    expect(stock.onHand).toBe(20)
    expect(stock.reserved).toBe(placedQuantity)
    expect(stock.available).toBe(20 - placedQuantity)
    expect(stock.available).toBeGreaterThanOrEqual(0)
    // Availability only falls while orders are placed, so a refused order cannot fit now either.
    for (const q of refusedQuantities) expect(stock.available).toBeLessThan(q)
    expect((await quantityHeldByOrders(sku)).held).toBe(placedQuantity)
  })

  it('stock spread over two warehouses: 30 parallel orders, exactly 10 placed', async () => {
    const world = await createWorld(ordo.api, { stock: 5 })
    const second = await createWarehouse(ordo.api)
    await setStock(ordo.api, second.code, world.product.sku, 5)
    const results = await Promise.all(Array.from({ length: 30 }, () =>
      ordo.api('POST', '/orders', orderBody(world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' }))))
    expect(results.filter((r) => r.status === 201).length).toBe(10)
    for (const r of results.filter((r) => r.status !== 201)) expectProblem(r, 409, 'out_of_stock')
    const stock = await getStock(ordo.api, world.product.sku)
    expect(stock).toMatchObject({ onHand: 10, reserved: 10, available: 0 })
    for (const level of stock.levels) expect(level).toMatchObject({ onHand: 5, reserved: 5, available: 0 })
  })
})

describe('cancel and ship at the same moment', () => {
  it('exactly one wins, the other gets 409, and the order tells one consistent story', async () => {
    const winners = { cancel: 0, ship: 0 }
    for (let round = 0; round < 6; round++) {
      const world = await createWorld(ordo.api, { stock: 3 })
      const sku = world.product.sku
      const order = await placeOrder(ordo.api, world, [{ sku, quantity: 2 }], card('test_ok', 'on_shipment'))
      const delivery = deliveryOf(order, 'standard')
      await advanceDelivery(ordo.api, order.id, delivery.id, 'ready_to_ship')

      const shipBody = { carrier: 'Post CH', trackingNumber: `TRK${uid()}` }
      // Alternate who is sent first, so both orders of arrival are tried.
      const [cancel, ship] = round % 2 === 0
        ? await Promise.all([orderAction(ordo.api, order.id, 'cancel'), deliveryAction(ordo.api, order.id, delivery.id, 'ship', shipBody)])
        : await Promise.all([deliveryAction(ordo.api, order.id, delivery.id, 'ship', shipBody), orderAction(ordo.api, order.id, 'cancel')]).then(([s, c]) => [c, s])

      const statuses = [cancel.status, ship.status].sort()
      expect(statuses, `cancel ${JSON.stringify(cancel.body)} / ship ${JSON.stringify(ship.body)}`).toEqual([200, 409])
      const loser = cancel.status === 409 ? cancel : ship
      expectProblem(loser, 409)
      // payment_in_progress: the other's capture or void was being asked of the gateway.
      expect(['transition_not_allowed', 'concurrent_update', 'payment_in_progress']).toContain(loser.body.code)

      const final = await getOrder(ordo.api, order.id)
      const finalDelivery = final.deliveries.find((d: any) => d.id === delivery.id)
      const stock = await getStock(ordo.api, sku)
      const transactions = await getTransactions(ordo.api, order.id)
      const history = await getHistory(ordo.api, order.id)
      if (ship.status === 200) {
        winners.ship++
        expect(final.status).toBe('partially_shipped')
        expect(finalDelivery.status).toBe('shipped')
        expect(stock).toMatchObject({ onHand: 1, reserved: 0, available: 1 })
        expect(sumOf(transactions, 'CAPTURE')).toBe(final.totals.total)
        expect(transactions.filter((t) => t.operation === 'VOID')).toEqual([])
        expect(history.some((h) => h.action === 'cancel')).toBe(false)
      } else {
        winners.cancel++
        expect(final.status).toBe('cancelled')
        expect(finalDelivery.status).toBe('cancelled')
        expect(stock).toMatchObject({ onHand: 3, reserved: 0, available: 3 })
        expect(transactions.filter((t) => t.operation === 'CAPTURE')).toEqual([])
        expect(transactions.some((t) => t.operation === 'VOID' && t.status === 'succeeded')).toBe(true)
        expect(history.some((h) => h.action === 'ship')).toBe(false)
      }
    }
    expect(winners.cancel + winners.ship).toBe(6)
  })

  it('two ships of the same delivery at once: one ships, one 409, one capture', async () => {
    const world = await createWorld(ordo.api, { stock: 2 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok', 'on_shipment'))
    const delivery = deliveryOf(order, 'standard')
    await advanceDelivery(ordo.api, order.id, delivery.id, 'ready_to_ship')
    const results = await Promise.all(Array.from({ length: 4 }, () =>
      deliveryAction(ordo.api, order.id, delivery.id, 'ship', { carrier: 'DHL', trackingNumber: `T${uid()}` })))
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409])
    const transactions = await getTransactions(ordo.api, order.id)
    expect(transactions.filter((t) => t.operation === 'CAPTURE')).toHaveLength(1)
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 1, reserved: 0 })
  })
})

describe('nothing is charged or refunded twice', () => {
  it('confirm-payment sent 5 times at once records one OFFLINE payment', async () => {
    const world = await createWorld(ordo.api, { stock: 3 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], { method: 'bank_transfer' })
    const results = await Promise.all(Array.from({ length: 5 }, () => orderAction(ordo.api, order.id, 'confirm-payment')))
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409])
    for (const r of results.filter((x) => x.status === 409)) expectProblem(r, 409)
    const transactions = await getTransactions(ordo.api, order.id)
    expect(transactions).toEqual([expect.objectContaining({ operation: 'OFFLINE', amount: order.totals.total })])
    expect(await getOrder(ordo.api, order.id)).toMatchObject({ status: 'in_progress', paymentStatus: 'paid' })
  })

  it('cancel sent 5 times at once refunds once and releases the stock once', async () => {
    const world = await createWorld(ordo.api, { stock: 3 })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 2 }], card('test_ok'))
    const results = await Promise.all(Array.from({ length: 5 }, () => orderAction(ordo.api, order.id, 'cancel')))
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409])
    const refunds = (await getTransactions(ordo.api, order.id)).filter((t) => t.operation === 'REFUND')
    expect(refunds).toEqual([expect.objectContaining({ status: 'succeeded', amount: order.totals.total })])
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 3, reserved: 0, available: 3 })
  })

  it('approve and cancel at once: one wins, and the money matches the winner', async () => {
    const world = await createWorld(ordo.api, { stock: 3, shop: { requireApproval: true } })
    const order = await placeOrder(ordo.api, world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok', 'immediate'))
    expect(order.status).toBe('awaiting_approval')
    const [approve, cancel] = await Promise.all([orderAction(ordo.api, order.id, 'approve'), orderAction(ordo.api, order.id, 'cancel')])
    const transactions = await getTransactions(ordo.api, order.id)
    const final = await getOrder(ordo.api, order.id)
    if (approve.status === 200 && cancel.status === 200) {
      // Approved first, then cancelled: captured, then refunded.
      expect(final).toMatchObject({ status: 'cancelled', paymentStatus: 'refunded' })
      expect(sumOf(transactions, 'CAPTURE')).toBe(sumOf(transactions, 'REFUND'))
    } else {
      expect([approve.status, cancel.status].sort()).toEqual([200, 409])
      if (cancel.status === 200) {
        expect(final).toMatchObject({ status: 'cancelled', paymentStatus: 'voided' })
        expect(transactions.filter((t) => t.operation === 'CAPTURE')).toEqual([])
      } else {
        expect(final).toMatchObject({ status: 'in_progress', paymentStatus: 'paid' })
      }
    }
    const stock = await getStock(ordo.api, world.product.sku)
    expect(stock.reserved).toBe(final.status === 'cancelled' ? 0 : 1)
  })

  it('the allocation job run twice at once never allocates the same unit twice', async () => {
    const world = await createWorld(ordo.api, { stock: 0 })
    const item = await createProduct(ordo.api, { backorder: true })
    const orders = []
    for (let i = 0; i < 4; i++) orders.push(await placeOrder(ordo.api, world, [{ sku: item.sku, quantity: 1 }], { method: 'invoice' }))
    await setStock(ordo.api, world.warehouse.code, item.sku, 2)
    const runs = await Promise.all([ordo.api('POST', '/jobs/allocation', {}), ordo.api('POST', '/jobs/allocation', {})])
    for (const r of runs) expect(r.status, JSON.stringify(r.body)).toBe(200)
    const statuses = await Promise.all(orders.map(async (o) => deliveryOf(await getOrder(ordo.api, o.id), 'backorder').status))
    expect(statuses.filter((s) => s === 'allocated')).toHaveLength(2)
    expect(statuses.filter((s) => s === 'awaiting_inventory')).toHaveLength(2)
    expect(await getStock(ordo.api, item.sku)).toMatchObject({ onHand: 2, reserved: 2, available: 0 })
  })
})

describe('Idempotency-Key', () => {
  it('the same key sent 10 times in parallel makes one order and one payment', async () => {
    const world = await createWorld(ordo.api, { stock: 10 })
    const key = `idem-${uid()}`
    const body = orderBody(world, [{ sku: world.product.sku, quantity: 2 }], card('test_ok'))
    const results = await Promise.all(Array.from({ length: 10 }, () =>
      ordo.api('POST', '/orders', body, { 'idempotency-key': key })))

    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(201)
    const ids = new Set(results.map((r) => r.body.id))
    expect(ids.size).toBe(1)
    const [id] = ids

    const customerOrders = must(await ordo.api('GET', `/customers/${world.customer.id}/orders`), 200)
    expect(customerOrders.items.map((o: any) => o.id)).toEqual([id])
    const transactions = await getTransactions(ordo.api, id)
    expect(transactions).toHaveLength(1)
    expect(transactions[0]).toMatchObject({ operation: 'AUTH_CAPTURE', status: 'succeeded' })
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ onHand: 10, reserved: 2, available: 8 })

    // A later retry still answers with the first result.
    const retry = await ordo.api('POST', '/orders', body, { 'idempotency-key': key })
    expect(retry.status).toBe(201)
    expect(retry.body.id).toBe(id)
    expect(retry.body.number).toBe(results[0].body.number)
  })

  it('the same key with another body is refused with 422 idempotency_key_reused, changing nothing', async () => {
    const world = await createWorld(ordo.api, { stock: 10 })
    const key = `idem-${uid()}`
    const first = must(await ordo.api('POST', '/orders',
      orderBody(world, [{ sku: world.product.sku, quantity: 1 }], card('test_ok')), { 'idempotency-key': key }), 201)
    const before = await snapshotCounts(ordo.db)
    const other = await ordo.api('POST', '/orders',
      orderBody(world, [{ sku: world.product.sku, quantity: 3 }], card('test_ok')), { 'idempotency-key': key })
    expectProblem(other, 422, 'idempotency_key_reused')
    expect(await snapshotCounts(ordo.db)).toEqual(before)
    expect(await getTransactions(ordo.api, first.id)).toHaveLength(1)
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 1 })
  })

  it('a declined placement retried with its key is not charged again', async () => {
    const world = await createWorld(ordo.api, { stock: 10 })
    const key = `idem-${uid()}`
    const body = orderBody(world, [{ sku: world.product.sku, quantity: 1 }], card('test_decline'))
    const results = await Promise.all(Array.from({ length: 5 }, () => ordo.api('POST', '/orders', body, { 'idempotency-key': key })))
    for (const r of results) expectProblem(r, 402, 'payment_declined')
    const orders = must(await ordo.api('GET', `/customers/${world.customer.id}/orders`), 200).items
    expect(orders).toHaveLength(1)
    expect(await getTransactions(ordo.api, orders[0].id)).toHaveLength(1)
    expect(await getStock(ordo.api, world.product.sku)).toMatchObject({ reserved: 0, available: 10 })
  })

  it('different keys make different orders', async () => {
    const world = await createWorld(ordo.api, { stock: 10 })
    const body = orderBody(world, [{ sku: world.product.sku, quantity: 1 }], { method: 'invoice' })
    const a = must(await ordo.api('POST', '/orders', body, { 'idempotency-key': `a-${uid()}` }), 201)
    const b = must(await ordo.api('POST', '/orders', body, { 'idempotency-key': `b-${uid()}` }), 201)
    expect(a.id).not.toBe(b.id)
  })
})

describe('parallel placements of a whole catalogue', () => {
  it('orders of several SKUs in parallel reserve exactly what they hold', async () => {
    const world = await createWorld(ordo.api, { stock: 4 })
    const second = await createProduct(ordo.api, { prices: { CHF: 1000 } })
    await setStock(ordo.api, world.warehouse.code, second.sku, 4)
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      ordo.api('POST', '/orders', orderBody(world, [
        { sku: world.product.sku, quantity: 1 + (i % 2) }, { sku: second.sku, quantity: 1 },
      ], { method: 'invoice' }))))
    let first = 0, other = 0
    results.forEach((r, i) => {
      if (r.status === 201) { first += 1 + (i % 2); other += 1 } else expectProblem(r, 409, 'out_of_stock')
    })
    expect((await getStock(ordo.api, world.product.sku)).reserved).toBe(first)
    expect((await getStock(ordo.api, second.sku)).reserved).toBe(other)
    expect(first).toBeLessThanOrEqual(4)
    expect(other).toBeLessThanOrEqual(4)
  })
})

describe('invoice numbers under parallel placements', () => {
  it('30 card and invoice orders at once: each invoiced with its own number, no gap, the same number on the order, the invoice, its history, its event and a replayed answer', async () => {
    const world = await createWorld(ordo.api, { stock: 100 })
    const sku = world.product.sku
    const keys = Array.from({ length: 8 }, () => `inv-${uid()}`)
    const requests = Array.from({ length: 30 }, (_, i) => ({
      body: orderBody(world, [{ sku, quantity: 1 }], i % 5 === 4 ? { method: 'invoice' } : card('test_ok')),
      headers: i < keys.length ? { 'idempotency-key': keys[i] } : undefined,
    }))
    const placed = await Promise.all(requests.map((r) => ordo.api('POST', '/orders', r.body, r.headers)))
    for (const r of placed) expect(r.status, JSON.stringify(r.body)).toBe(201)

    const numbers = placed.map((r) => r.body.invoiceNumber as string)
    const prefix = `I${world.shop.code}-`
    for (const n of numbers) expect(n).toMatch(new RegExp(`^${prefix}\\d+$`))
    const counted = numbers.map((n) => Number(n.slice(prefix.length))).sort((a, b) => a - b)
    expect(counted).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))

    for (const r of placed) {
      const id = r.body.id, number = r.body.invoiceNumber
      expect((await getOrder(ordo.api, id)).invoiceNumber).toBe(number)
      const invoice = await ordo.db.selectFrom('documents').select(['number', 'data']).where('order_id', '=', id).where('kind', '=', 'invoice').executeTakeFirstOrThrow()
      expect(invoice.number).toBe(number)
      expect((invoice.data as { number: string }).number).toBe(number)
      const notes = (await getHistory(ordo.api, id)).filter((h) => h.action === 'issue-invoice').map((h) => h.note)
      expect(notes).toEqual([`invoice ${number} issued`])
      const issued = await ordo.db.selectFrom('events').select('payload').where('order_id', '=', id).where('type', '=', 'invoice.issued').execute()
      expect(issued.map((e) => (e.payload as { number: string }).number)).toEqual([number])
    }
    // A retried request is answered as the first time, with the number it got.
    for (const [i, key] of keys.entries()) {
      const again = must(await ordo.api('POST', '/orders', requests[i].body, { 'idempotency-key': key }), 201)
      expect(again.invoiceNumber).toBe(numbers[i])
    }
    // The stand-in the write replaced is nowhere left.
    const { rows } = await sql<{ left: number }>`
      select (select count(*) from orders where invoice_number like '#number-%')
           + (select count(*) from documents where number like '#number-%' or data::text like '%#number-%')
           + (select count(*) from order_history where note like '%#number-%')
           + (select count(*) from events where payload::text like '%#number-%')
           + (select count(*) from idempotency_keys where response::text like '%#number-%') as left`.execute(ordo.db)
    expect(Number(rows[0].left)).toBe(0)
  })
})
