/**
 * "By customer" (A27) over long periods: revenue and orders per shop, currency, local month
 * and customer (analytics_customer_months). Only complete months are rolled up; the
 * shop's current month, and the part months at either end of a period, are read from the
 * orders (index orders_period). A year's question then sums about twelve rows per customer
 * and a month of orders, instead of a year of orders.
 */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import type { Period } from './period.ts'
import { addDays } from '../shared/dates.ts'

/** The first of a local day's month, or of the month after it (`YYYY-MM-DD`). */
const firstOfMonth = (day: string) => `${day.slice(0, 8)}01`
const nextMonth = (day: string) => {
  const d = new Date(Date.parse(`${firstOfMonth(day)}T00:00:00Z`))
  d.setUTCMonth(d.getUTCMonth() + 1)
  return d.toISOString().slice(0, 10)
}

/**
 * The period cut in three: days before its first whole month, whole months (as rolled up),
 * and the days after; `[from, monthsFrom)`, `[monthsFrom, monthsTo)`, `[monthsTo, end)`.
 * Without a whole rolled-up month inside it, the whole period is in the days.
 */
export function splitByMonths(period: Period, rolledUpTo: string | null) {
  const end = addDays(period.to, 1)
  const monthsFrom = period.from.endsWith('-01') ? period.from : nextMonth(period.from)
  const lastMonthEnd = end.endsWith('-01') ? end : firstOfMonth(end)
  const monthsTo = rolledUpTo !== null && rolledUpTo < lastMonthEnd ? rolledUpTo : lastMonthEnd
  if (rolledUpTo === null || monthsFrom >= monthsTo) return { from: period.from, monthsFrom: end, monthsTo: end, end }
  return { from: period.from, monthsFrom, monthsTo, end }
}

type Condition = ReturnType<typeof sql<unknown>>

/**
 * Brings the customer months up to date inside refreshRollups' transaction: everything
 * (`months` undefined: first time, time zone changed, bulk change), or the months of the
 * changed days; and any month that has ended since the last refresh.
 */
export async function refreshCustomerMonths(trx: Database, shop: string, tz: string, changedDays: string[] | undefined): Promise<void> {
  const { rows: [{ current }] } = await sql<{ current: string }>`select date_trunc('month', now() at time zone ${tz})::date::text as current`.execute(trx)
  const state = await trx.selectFrom('analytics_state').select('customer_months_to').where('shop_code', '=', shop).executeTakeFirst()
  const rolledTo = changedDays === undefined ? null : state?.customer_months_to ?? null
  const columns = sql`o.created_at, o.currency, o.customer_id, o.status, o.total, o.refunded`
  if (rolledTo === null) {
    await sql`delete from analytics_customer_months where shop_code = ${shop}`.execute(trx)
    await insertMonths(trx, shop, tz, sql`(select ${columns} from orders o
      where o.shop_code = ${shop} and o.created_at < (${current}::date::timestamp at time zone ${tz})) as x`)
  } else {
    const months = new Set(changedDays!.map(firstOfMonth).filter((m) => m < rolledTo))
    for (let m = rolledTo; m < current; m = nextMonth(m)) months.add(m)
    if (months.size) {
      const list = [...months]
      await sql`delete from analytics_customer_months where shop_code = ${shop} and month = any(${list}::date[])`.execute(trx)
      // Each local month as a range of instants, so the index on created_at serves it.
      await insertMonths(trx, shop, tz, sql`(select ${columns} from unnest(${list}::date[]) as t(m)
        join orders o on o.created_at >= (t.m::timestamp at time zone ${tz}) and o.created_at < ((t.m + interval '1 month')::timestamp at time zone ${tz})
        where o.shop_code = ${shop}) as x`)
    }
  }
  await trx.updateTable('analytics_state').set({ customer_months_to: current }).where('shop_code', '=', shop).execute()
}

/** `orders` is the relation `x` of the orders whose months are rebuilt. */
async function insertMonths(trx: Database, shop: string, tz: string, orders: Condition): Promise<void> {
  await sql`
    insert into analytics_customer_months (shop_code, currency, month, customer_id, orders, revenue)
    select ${shop}, x.currency, date_trunc('month', x.created_at at time zone ${tz})::date, x.customer_id,
           count(*), sum(x.total - x.refunded)
    from ${orders}
    where x.status <> 'cancelled'
    group by 2, 3, 4
    -- Written month by month, so a period's rows lie together in the table.
    order by 3, 4`.execute(trx)
}

/** The customers who brought the most revenue in the period (cancelled orders count for nothing), without names. */
export async function rankCustomers(db: Database, scope: { shop: string; currency: string; timeZone: string }, period: Period, limit: number) {
  const state = await db.selectFrom('analytics_state').select('customer_months_to').where('shop_code', '=', scope.shop).executeTakeFirst()
  const cut = splitByMonths(period, state?.customer_months_to ?? null)
  const at = (day: string) => sql`(${day}::date::timestamp at time zone ${scope.timeZone})`
  const days = (from: string, to: string) => sql`
    select customer_id, 1 as orders, total - refunded as revenue from orders
    where shop_code = ${scope.shop} and currency = ${scope.currency} and status <> 'cancelled'
      and created_at >= ${at(from)} and created_at < ${at(to)}`
  const { rows } = await sql<{ customer_id: string; orders: number; revenue: number }>`
    with parts as (
      ${days(cut.from, cut.monthsFrom)}
      union all
      select customer_id, orders, revenue from analytics_customer_months
      where shop_code = ${scope.shop} and currency = ${scope.currency} and month >= ${cut.monthsFrom}::date and month < ${cut.monthsTo}::date
      union all
      ${days(cut.monthsTo, cut.end)})
    select customer_id, sum(orders) as orders, sum(revenue) as revenue
    from parts group by customer_id order by revenue desc, customer_id limit ${limit}`.execute(db)
  return rows
}
