/**
 * Analytics roll-ups (A27): per shop, local day and currency, the orders, revenue,
 * cancellations and returns; per article and per region; and the hours from placement to
 * first shipment. Refreshed from the orders changed since the last refresh (by
 * `updated_at`), so a question over two years reads a few hundred rows, not a million
 * orders. A change of the shop's time zone rebuilds the shop's days. The customer months
 * (customer-months.ts) are refreshed in the same transaction.
 */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { refreshCustomerMonths } from './customer-months.ts'

/**
 * Orders saved this long before a refresh are re-read by the next one: a transaction
 * commits a little after the time it wrote into updated_at.
 */
const SETTLE = '10 seconds'
/** More changed days than this and the shop's roll-ups are rebuilt whole. */
const FULL_REBUILD_DAYS = 31

/** Brings the shop's roll-ups up to date; cheap when nothing changed. */
export async function refreshRollups(db: Database, shop: string, timeZone: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`analytics:${shop}`}))`.execute(trx)
    const state = await trx.selectFrom('analytics_state').selectAll().where('shop_code', '=', shop).executeTakeFirst()
    const { rows: [{ now }] } = await sql<{ now: Date }>`select now() - ${SETTLE}::interval as now`.execute(trx)
    const touched = state && state.time_zone === timeZone
      ? (await sql<{ day: string }>`
          select distinct (created_at at time zone ${timeZone})::date::text as day
          from orders where shop_code = ${shop} and updated_at >= ${state.refreshed_to}`.execute(trx)).rows
      : undefined
    // Past a few weeks of changed days (a bulk change), one full rebuild is the cheaper way.
    if (!touched || touched.length > FULL_REBUILD_DAYS) {
      await deleteRollups(trx, shop, sql`true`)
      await insertRollups(trx, shop, timeZone, sql`(select * from orders where shop_code = ${shop}) as o`)
    } else {
      if (touched.length) {
        const days = touched.map((r) => r.day)
        await deleteRollups(trx, shop, sql`day = any(${days}::date[])`)
        // Each local day as a range of instants, so the index on created_at serves it.
        await insertRollups(trx, shop, timeZone, sql`(select x.* from unnest(${days}::date[]) as t(d)
          join orders x on x.created_at >= (t.d::timestamp at time zone ${timeZone}) and x.created_at < ((t.d + 1)::timestamp at time zone ${timeZone})
          where x.shop_code = ${shop}) as o`)
      }
    }
    await trx.insertInto('analytics_state').values({ shop_code: shop, time_zone: timeZone, refreshed_to: now })
      .onConflict((oc) => oc.column('shop_code').doUpdateSet({ time_zone: timeZone, refreshed_to: now })).execute()
    await refreshCustomerMonths(trx, shop, timeZone, touched?.map((r) => r.day))
  })
}

type Condition = ReturnType<typeof sql<unknown>>
const tables = ['analytics_days', 'analytics_product_days', 'analytics_region_days', 'analytics_shipment_hours']

async function deleteRollups(trx: Database, shop: string, days: Condition): Promise<void> {
  for (const table of tables) await sql`delete from ${sql.table(table)} where shop_code = ${shop} and ${days}`.execute(trx)
}

/** `orders` is the relation `o` of the orders whose days are rebuilt. */
async function insertRollups(trx: Database, shop: string, tz: string, orders: Condition): Promise<void> {
  const day = sql`(o.created_at at time zone ${tz})::date`
  // Revenue: what the order is worth to the shop, net of refunds; a cancelled order is worth nothing.
  await sql`
    insert into analytics_days (shop_code, day, currency, orders, revenue, cancelled, returned)
    select ${shop}, ${day}, o.currency, count(*),
           coalesce(sum(o.total - o.refunded) filter (where o.status <> 'cancelled'), 0),
           count(*) filter (where o.status = 'cancelled'), count(*) filter (where o.status = 'returned')
    from ${orders}
    group by 2, 3`.execute(trx)
  await sql`
    insert into analytics_product_days (shop_code, day, currency, sku, name, orders, quantity, revenue)
    select ${shop}, ${day}, o.currency, l.sku, max(l.name), count(distinct o.id),
           sum(l.quantity - l.cancelled_quantity),
           sum(case when l.quantity = 0 then 0 else l.amount * (l.quantity - l.cancelled_quantity) / l.quantity end)
    from ${orders} join order_lines l on l.order_id = o.id
    where o.status <> 'cancelled'
    group by 2, 3, 4`.execute(trx)
  await sql`
    insert into analytics_region_days (shop_code, day, currency, country, region, orders, revenue)
    select ${shop}, ${day}, o.currency,
           coalesce(o.shipping_address->>'country', o.billing_address->>'country', ''),
           coalesce(o.shipping_address->>'region', o.billing_address->>'region', ''),
           count(*), sum(o.total - o.refunded)
    from ${orders} where o.status <> 'cancelled'
    group by 2, 3, 4, 5`.execute(trx)
  await sql`
    insert into analytics_shipment_hours (shop_code, day, hours, orders)
    select ${shop}, ${day}, s.hours, count(*)
    from ${orders}
    cross join lateral (
      select floor(extract(epoch from min(d.shipped_at) - o.created_at) / 3600)::int as hours
      from deliveries d where d.order_id = o.id and d.shipped_at is not null) s
    where s.hours is not null
    group by 2, 3`.execute(trx)
}
