/**
 * Benchmark: analytics (A27) and the article report (A13) over a large order book
 * (default 1,000,000 orders in one shop over two years), through the HTTP API. The
 * baseline is the same question answered straight from the orders (a bare aggregate over
 * the period, no roll-ups), run on a pg connection. Also timed: building the roll-ups the
 * first time, and bringing them up to date after new orders.
 *   node bench/analytics.ts [orders, default 1000000]
 * BENCH_REUSE=<database URL> runs on a database kept by `BENCH_KEEP=1 node bench/search.ts`.
 */
import { sql } from 'kysely'
import { rawPool } from './lib/database.ts'
import { round, timeRepeated } from './lib/load.ts'
import { report } from './lib/report.ts'
import { seededDatabase } from './lib/seeded.ts'

const orders = Number(process.argv[2] ?? 1_000_000)
const repeats = 15
const seeded = await seededDatabase(orders)
const { db, api, seedSeconds } = seeded
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
try {
  const shop = 'bench'
  const year = { from: day(-364), to: day(0) }
  const call = async (path: string) => {
    if (path.includes('format=csv')) {
      const res = await fetch(`${seeded.server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${seeded.server.token}` } })
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
      return res.text()
    }
    const res = await api.call('GET', path)
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body
  }
  const period = `shop=${shop}&from=${year.from}&to=${year.to}`

  const building = performance.now()
  await call(`/analytics/summary?${period}`)
  const firstBuildSeconds = round((performance.now() - building) / 1000)

  // Bring a thousand orders of the last year up to date, as if they had just changed.
  await sql`update orders set updated_at = now() where id in (select id from orders where created_at > now() - interval '365 days' order by random() limit 1000)`.execute(db.handle.db)
  const catching = performance.now()
  await call(`/analytics/summary?${period}`)
  const refreshAfter1000Ms = round(performance.now() - catching)
  // Past the roll-ups' settling window (10 s), so the timed answers below read settled roll-ups.
  await new Promise((resolve) => setTimeout(resolve, 11_000))

  const pool = rawPool(db.url, 2)
  const range = `created_at >= '${year.from}'::date and created_at < '${year.to}'::date + 1`
  const questions: [string, string, string][] = [
    ['summary (year, with the year before)', `/analytics/summary?${period}`,
      `select count(*), sum(total - refunded) filter (where status <> 'cancelled'), count(*) filter (where status = 'cancelled') from orders where shop_code = '${shop}' and currency = 'CHF' and ${range}`],
    ['orders over time, by day (year)', `/analytics/orders-over-time?${period}&interval=day`,
      `select date_trunc('day', created_at), count(*), sum(total) from orders where shop_code = '${shop}' and ${range} group by 1`],
    ['orders over time, by month (year)', `/analytics/orders-over-time?${period}&interval=month`,
      `select date_trunc('month', created_at), count(*), sum(total) from orders where shop_code = '${shop}' and ${range} group by 1`],
    ['by product (year)', `/analytics/products?${period}`,
      `select l.sku, sum(l.quantity), sum(l.amount) from orders o join order_lines l on l.order_id = o.id where o.shop_code = '${shop}' and o.${range} group by 1 order by 3 desc limit 10`],
    ['by customer (year)', `/analytics/customers?${period}`,
      `select customer_id, count(*), sum(total - refunded) from orders where shop_code = '${shop}' and status <> 'cancelled' and ${range} group by 1 order by 3 desc limit 10`],
    ['by region (year)', `/analytics/regions?${period}`,
      `select billing_address->>'country', count(*), sum(total) from orders where shop_code = '${shop}' and ${range} group by 1`],
    ['summary (30 days)', `/analytics/summary?shop=${shop}`,
      `select count(*), sum(total) from orders where shop_code = '${shop}' and created_at > now() - interval '30 days'`],
    ['article report, part of a SKU (30 days)', `/reports/articles?sku=bench-1&from=${day(-29)}&to=${day(0)}`,
      `select o.id, l.sku, sum(l.quantity), sum(l.amount) from order_lines l join orders o on o.id = l.order_id where l.sku like 'BENCH-1%' and o.created_at > now() - interval '30 days' group by 1, 2 order by 1 limit 2001`],
    ['article report CSV (30 days)', `/reports/articles?sku=bench-1&from=${day(-29)}&to=${day(0)}&format=csv`, ''],
  ]
  const rows = []
  for (const [name, path, bareSql] of questions) {
    const http = await timeRepeated(repeats, () => call(path))
    const bare = bareSql ? await timeRepeated(3, () => pool.query(bareSql)) : undefined
    rows.push({
      question: name, 'ordo p50 ms': http.p50ms, 'ordo p95 ms': http.p95ms,
      'straight from orders p50 ms': bare?.p50ms ?? '', 'ordo / straight (p50)': bare ? round(http.p50ms / Math.max(bare.p50ms, 0.01)) : '',
    })
  }
  await pool.end()
  await report('analytics', `node bench/analytics.ts ${orders}`, rows, { orders, seedSeconds, repeats, firstBuildSeconds, refreshAfter1000Ms }, db.url)
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await seeded.close()
}
