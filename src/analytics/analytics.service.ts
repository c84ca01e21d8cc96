/**
 * Analytics answers (A27), per shop and currency, read from the daily roll-ups (see
 * rollup.ts); "by customer" from the customer months (customer-months.ts).
 */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { previousPeriod, type Period } from './period.ts'
import { rankCustomers } from './customer-months.ts'

export interface Scope { shop: string; currency: string; timeZone: string }

export interface Totals {
  orders: number
  revenue: number
  averageOrderValue: number
  cancelled: number
  cancellationRate: number
  returned: number
  returnRate: number
  hoursToShipment: { median: number | null; p90: number | null; shipped: number }
}

const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000)

export async function totals(db: Database, scope: Scope, period: Period): Promise<Totals> {
  const row = await db.selectFrom('analytics_days')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('orders'), eb.lit(0)).as('orders'),
      eb.fn.coalesce(eb.fn.sum<number>('revenue'), eb.lit(0)).as('revenue'),
      eb.fn.coalesce(eb.fn.sum<number>('cancelled'), eb.lit(0)).as('cancelled'),
      eb.fn.coalesce(eb.fn.sum<number>('returned'), eb.lit(0)).as('returned'),
    ])
    .where('shop_code', '=', scope.shop).where('currency', '=', scope.currency)
    .where('day', '>=', period.from).where('day', '<=', period.to)
    .executeTakeFirstOrThrow()
  const orders = Number(row.orders), cancelled = Number(row.cancelled), returned = Number(row.returned)
  const kept = orders - cancelled
  return {
    orders, revenue: Number(row.revenue), averageOrderValue: kept ? Math.round(Number(row.revenue) / kept) : 0,
    cancelled, cancellationRate: rate(cancelled, orders), returned, returnRate: rate(returned, kept),
    hoursToShipment: await shipmentHours(db, scope, period),
  }
}

/** Median and 90th percentile of the whole hours from placement to the first shipment. */
async function shipmentHours(db: Database, scope: Scope, period: Period): Promise<Totals['hoursToShipment']> {
  const rows = await db.selectFrom('analytics_shipment_hours')
    .select(['hours', (eb) => eb.fn.sum<number>('orders').as('n')])
    .where('shop_code', '=', scope.shop).where('day', '>=', period.from).where('day', '<=', period.to)
    .groupBy('hours').orderBy('hours').execute()
  const shipped = rows.reduce((s, r) => s + Number(r.n), 0)
  const percentile = (p: number) => {
    let seen = 0
    for (const r of rows) if ((seen += Number(r.n)) >= p * shipped) return r.hours
    return null
  }
  return { median: shipped ? percentile(0.5) : null, p90: shipped ? percentile(0.9) : null, shipped }
}

export const intervals = ['day', 'week', 'month'] as const
export type Interval = (typeof intervals)[number]

/** Orders and revenue per day, week (from Monday) or month, every bucket present, empty ones as 0. */
export async function timeSeries(db: Database, scope: Scope, period: Period, interval: Interval) {
  const { rows } = await sql<{ bucket: string; orders: number; revenue: number }>`
    with buckets as (
      select generate_series(date_trunc(${interval}, ${period.from}::date), ${period.to}::date, ('1 ' || ${interval})::interval)::date as bucket)
    select b.bucket::text as bucket, coalesce(sum(d.orders), 0)::bigint as orders, coalesce(sum(d.revenue), 0)::bigint as revenue
    from buckets b
    left join analytics_days d on d.shop_code = ${scope.shop} and d.currency = ${scope.currency}
      and date_trunc(${interval}, d.day)::date = b.bucket and d.day between ${period.from}::date and ${period.to}::date
    group by b.bucket order by b.bucket`.execute(db)
  return rows.map((r) => ({ period: r.bucket, orders: Number(r.orders), revenue: Number(r.revenue) }))
}

export async function byProduct(db: Database, scope: Scope, period: Period, limit: number) {
  const rows = await db.selectFrom('analytics_product_days')
    .select((eb) => ['sku', eb.fn.max('name').as('name'), eb.fn.sum<number>('orders').as('orders'),
      eb.fn.sum<number>('quantity').as('quantity'), eb.fn.sum<number>('revenue').as('revenue')])
    .where('shop_code', '=', scope.shop).where('currency', '=', scope.currency)
    .where('day', '>=', period.from).where('day', '<=', period.to)
    .groupBy('sku').orderBy('revenue', 'desc').orderBy('sku').limit(limit).execute()
  return rows.map((r) => ({ sku: r.sku, name: r.name, orders: Number(r.orders), quantity: Number(r.quantity), revenue: Number(r.revenue) }))
}

export async function byRegion(db: Database, scope: Scope, period: Period, limit: number) {
  const rows = await db.selectFrom('analytics_region_days')
    .select((eb) => ['country', 'region', eb.fn.sum<number>('orders').as('orders'), eb.fn.sum<number>('revenue').as('revenue')])
    .where('shop_code', '=', scope.shop).where('currency', '=', scope.currency)
    .where('day', '>=', period.from).where('day', '<=', period.to)
    .groupBy(['country', 'region']).orderBy('revenue', 'desc').orderBy('country').orderBy('region').limit(limit).execute()
  return rows.map((r) => ({ country: r.country, region: r.region || null, orders: Number(r.orders), revenue: Number(r.revenue) }))
}

/**
 * The customers who brought the most revenue in the period (cancelled orders count for
 * nothing): ranked from the customer months and the period's remaining days (see
 * customer-months.ts); the names and e-mails are those on the ranked customers' orders.
 */
export async function byCustomer(db: Database, scope: Scope, period: Period, limit: number) {
  const ranked = await rankCustomers(db, scope, period, limit)
  if (!ranked.length) return []
  const { rows: names } = await sql<{ customer_id: string; name: string; email: string }>`
    select customer_id, max(customer_name) as name, max(customer_email) as email
    from orders
    where customer_id = any(${ranked.map((r) => r.customer_id)}::uuid[])
      and shop_code = ${scope.shop} and currency = ${scope.currency} and status <> 'cancelled'
      and created_at >= (${period.from}::date::timestamp at time zone ${scope.timeZone})
      and created_at < ((${period.to}::date + 1)::timestamp at time zone ${scope.timeZone})
    group by customer_id`.execute(db)
  const named = new Map(names.map((n) => [n.customer_id, n]))
  // A customer ranked from months a refresh has not settled yet may have no order left to name them.
  return ranked.map((r) => ({
    customerId: r.customer_id, name: named.get(r.customer_id)?.name ?? '', email: named.get(r.customer_id)?.email ?? '',
    orders: Number(r.orders), revenue: Number(r.revenue),
  }))
}

export { previousPeriod }
