/**
 * Benchmark 4, search: the common order searches over a large order book (default
 * 1,000,000 orders, written set-based), through the HTTP API, against exactly the same
 * SQL run bare on a pg connection. Also the issue-4 check: first and next page of the
 * order list, server time.
 *   node bench/search.ts [orders, default 1000000]
 */
import { rawPool } from './lib/database.ts'
import { round, timeRepeated } from './lib/load.ts'
import { report } from './lib/report.ts'
import { client } from './lib/world.ts'
import { capturingDatabase } from './lib/capture.ts'
import { seededDatabase } from './lib/seeded.ts'
import { searchOrders, type OrderQuery } from '../src/orders/search.ts'
import { listCustomers, type CustomerQuery } from '../src/customers/customer-list.ts'
import { systemActor } from '../src/auth/actor.ts'

const orders = Number(process.argv[2] ?? 1_000_000)
const repeats = 100 // enough that one pause of the collector is not the p95
const seeded = await seededDatabase(orders)
const { db, api, seedSeconds } = seeded
try {

  const sample = await db.handle.db.selectFrom('orders').select(['number', 'customer_email']).orderBy('created_at').offset(Math.floor(orders / 2)).limit(1).executeTakeFirstOrThrow()
  const deep = await cursorAfterPages(api, 20)
  const searches: [string, OrderQuery][] = [
    ['first page (newest)', {}],
    ['next page', { cursor: (await api.call('GET', '/orders?limit=50')).body.nextCursor }],
    ['status: cancelled,returned', { status: 'cancelled,returned' }],
    ['customer e-mail', { q: sample.customer_email }],
    ['customer e-mail, upper case', { q: sample.customer_email.toUpperCase() }],
    ['part of an e-mail', { q: sample.customer_email.split('@')[0] + '@' }],
    ['customer name', { q: 'meier 1234' }],
    ['order number', { q: sample.number }],
    ['order number, lower case', { q: sample.number.toLowerCase() }],
    ['order number without prefix', { q: sample.number.replace(/^\D+/, '') }],
    ['part of an order number', { q: sample.number.replace(/^\D+/, '').slice(-5) }],
    ['phone number', { q: '+41 79 123 45 67' }],
    ['part of a SKU, any case', { sku: 'bench-3' }],
    ['@city', { q: '@lugano' }],
    ['SKU', { sku: 'BENCH-3' }],
    ['date range (30 days)', { from: daysAgo(400), to: daysAgo(370) }],
    ['page 21 (cursor)', { cursor: deep }],
    ['sorted by total, highest first', { sort: '-total' }],
    ['sorted by customer', { sort: 'customer' }],
    ['status filter sorted by total', { status: 'returned', sort: '-total' }],
  ]

  const capture = capturingDatabase(db.url)
  const pool = rawPool(db.url, 2)
  const rows = []
  for (const [name, query] of searches) {
    const qs = new URLSearchParams({ limit: '50', ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) })
    let body: any
    const http = { ...await timeRepeated(repeats, async () => {
      const res = await api.call('GET', `/orders?${qs}`)
      if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`)
      body = res.body
    }), body }
    capture.queries.length = 0
    await searchOrders(capture.db, systemActor('bench'), { limit: 50, ...query })
    const statements = [...capture.queries]
    const bare = await timeRepeated(repeats, async () => {
      for (const q of statements) await pool.query(q.sql, q.parameters as unknown[])
    })
    rows.push({ search: name, 'count': first(http.body),  'ordo p50 ms': http.p50ms, 'ordo p95 ms': http.p95ms, 'bare SQL p50 ms': bare.p50ms, 'bare SQL p95 ms': bare.p95ms, 'ordo / bare (p50)': round(http.p50ms / Math.max(bare.p50ms, 0.01)) })
  }
  // The customer list (A28): 20,000 customers at a million orders.
  const customerSearches: [string, CustomerQuery][] = [
    ['customers: first page', {}],
    ['customers: part of a name', { q: 'meier 12' }],
    ['customers: part of an e-mail', { q: 'bulk1234' }],
    ['customers: phone number', { q: '079 123 45 67' }],
  ]
  for (const [name, query] of customerSearches) {
    const qs = new URLSearchParams({ limit: '50', ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) })
    let body: any
    const http = await timeRepeated(repeats, async () => {
      const res = await api.call('GET', `/customers?${qs}`)
      if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`)
      body = res.body
    })
    capture.queries.length = 0
    await listCustomers(capture.db, systemActor('bench'), { limit: 50, ...query })
    const statements = [...capture.queries]
    const bare = await timeRepeated(repeats, async () => {
      for (const q of statements) await pool.query(q.sql, q.parameters as unknown[])
    })
    rows.push({ search: name, count: first(body), 'ordo p50 ms': http.p50ms, 'ordo p95 ms': http.p95ms, 'bare SQL p50 ms': bare.p50ms, 'bare SQL p95 ms': bare.p95ms, 'ordo / bare (p50)': round(http.p50ms / Math.max(bare.p50ms, 0.01)) })
  }
  await capture.close()
  await pool.end()
  await report('search', `node bench/search.ts ${orders}`, rows, { orders, seedSeconds, repeats }, db.url)
} finally {
  await seeded.close()
}

/** What the list says above the rows: "37", or "more than 1000". */
function first(body: any): string {
  if (!body || body.count === null || body.count === undefined) return ''
  return body.countIsExact ? String(body.count) : `more than ${body.count}`
}

function daysAgo(days: number) { return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10) }

async function cursorAfterPages(api: ReturnType<typeof client>, pages: number): Promise<string> {
  let cursor = ''
  for (let i = 0; i < pages; i++) cursor = (await api.call('GET', `/orders?limit=50${cursor ? `&cursor=${cursor}` : ''}`)).body.nextCursor
  return cursor
}
