/**
 * The article report (A13): every order in a period that holds an article whose number
 * contains the text typed (any case), with the quantity and revenue of that article in the
 * order; totals per article and overall, per currency (CHF is never added to EUR).
 * Cancelled orders and cancelled quantities count for nothing. `from` and `to` days are each
 * shop's days, in the time zone of its settings.
 */
import { sql } from 'kysely'
import { stringify } from 'csv-stringify/sync'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { parseStrictDate } from '../shared/dates.ts'
import type { Actor } from '../auth/actor.ts'
import { DEFAULT_SHOP_TIME_ZONE } from '../shops/shop-profile.ts'

export interface ArticleQuery { sku: string; from?: string; to?: string; shop?: string }

export interface ArticleRow {
  orderId: string; number: string; shop: string; status: string; createdAt: string
  customerName: string; currency: string; sku: string; name: string; quantity: number; revenue: number
}

/** The JSON answer lists this many order rows at most; the totals always count every row, the CSV holds up to CSV_MAX. */
export const ROWS_MAX = 2000
export const CSV_MAX = 100_000

const contains = (text: string) => `%${text.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** A bound as typed: a day (YYYY-MM-DD, read in each shop's time zone) or an instant. */
type Bound = { day: string } | { at: Date } | undefined

function boundOf(value: string | undefined, field: string): Bound {
  if (value === undefined || value === '') return undefined
  const parsed = parseStrictDate(value)
  if (!parsed) {
    throw new DomainError('validation_failed', `${field}: not a date`, { errors: [{ in: 'querystring', path: field, message: 'must be a real date (YYYY-MM-DD) or date-time, years 1900 to 9999' }] })
  }
  return parsed.dayOnly ? { day: value } : { at: parsed.date }
}

/** One stretch of time, for the shops whose days it covers. */
interface Stretch { shops: string[]; from?: Date; to?: Date }

/**
 * The period as instants per shop: `from` and `to` days are the shop's days, in the time
 * zone of its settings, so shops in different zones get their own stretch.
 */
async function stretchesOf(db: Database, shops: string[] | undefined, from: Bound, to: Bound): Promise<Stretch[]> {
  if (!(from && 'day' in from) && !(to && 'day' in to)) {
    return [{ shops: [], from: from && 'at' in from ? from.at : undefined, to: to && 'at' in to ? to.at : undefined }]
  }
  const zone = sql<string>`coalesce(p.time_zone, ${DEFAULT_SHOP_TIME_ZONE})`
  const local = (b: Bound, next: boolean) => b === undefined ? sql`null::timestamptz`
    : 'at' in b ? sql`${b.at}::timestamptz`
    : sql`((${b.day}::date + ${sql.raw(next ? '1' : '0')})::timestamp at time zone ${zone})`
  const rows = await db.selectFrom('shops as s').leftJoin('shop_profiles as p', 'p.shop_code', 's.code')
    .select(['s.code', local(from, false).as('from'), local(to, true).as('to')])
    .$if(shops !== undefined, (qb) => qb.where('s.code', 'in', shops!.length ? shops! : ['']))
    .execute() as { code: string; from: Date | null; to: Date | null }[]
  const byBounds = new Map<string, Stretch>()
  for (const r of rows) {
    const key = `${r.from?.getTime()}|${r.to?.getTime()}`
    const stretch = byBounds.get(key) ?? { shops: [], from: r.from ?? undefined, to: r.to ?? undefined }
    stretch.shops.push(r.code)
    byBounds.set(key, stretch)
  }
  return [...byBounds.values()]
}

/**
 * The articles whose number contains the text, looked up first in the (small) catalogue,
 * so the planner knows how many order lines to expect and picks the cheaper way in.
 */
async function matchingSkus(db: Database, part: string): Promise<string[]> {
  if (!part.trim()) throw new DomainError('validation_failed', 'sku: type part of an article number', { errors: [{ in: 'querystring', path: 'sku', message: 'must not be empty' }] })
  const rows = await db.selectFrom('products').select('sku').where(sql`lower(sku)`, 'like', contains(part)).execute()
  return rows.map((r) => r.sku)
}

/** The matching (order, article) pairs as one filtered query, for the rows and for the totals. */
function matching(db: Database, actor: Actor, skus: string[], shops: string[] | undefined, stretches: Stretch[]) {
  const some = stretches.length > 0
  const earliest = some && stretches.every((x) => x.from) ? new Date(Math.min(...stretches.map((x) => x.from!.getTime()))) : undefined
  const latest = some && stretches.every((x) => x.to) ? new Date(Math.max(...stretches.map((x) => x.to!.getTime()))) : undefined
  return db.selectFrom('order_lines as l').innerJoin('orders as o', 'o.id', 'l.order_id')
    .where('l.sku', 'in', skus.length ? skus : [''])
    .where('o.status', '<>', 'cancelled')
    .where('l.quantity', '>', sql<number>`l.cancelled_quantity`)
    // No shop the caller may see: nothing.
    .$if(!some, (qb) => qb.where(sql<boolean>`false`))
    // The whole period as one range of the index; each shop's own days within it.
    .$if(earliest !== undefined, (qb) => qb.where('o.created_at', '>=', earliest!))
    .$if(latest !== undefined, (qb) => qb.where('o.created_at', '<', latest!))
    .$if(stretches.length > 1, (qb) => qb.where((eb) => eb.or(stretches.map((x) => eb.and([
      eb('o.shop_code', 'in', x.shops),
      ...(x.from ? [eb('o.created_at', '>=', x.from)] : []),
      ...(x.to ? [eb('o.created_at', '<', x.to)] : []),
    ])))))
    .$if(shops !== undefined, (qb) => qb.where('o.shop_code', 'in', shops!.length ? shops! : ['']))
    .$if(actor.shops !== null, (qb) => qb.where('o.shop_code', 'in', actor.shops!.length ? [...actor.shops!] : ['']))
}

/** What a report reads: the matching articles and the period per shop. */
async function scopeOf(db: Database, actor: Actor, q: ArticleQuery) {
  const from = boundOf(q.from, 'from')
  const to = boundOf(q.to, 'to')
  const shops = q.shop ? q.shop.split(',').map((s) => s.trim()).filter(Boolean) : undefined
  const visible = actor.shops === null ? shops : (shops ?? [...actor.shops]).filter((s) => actor.shops!.includes(s))
  const skus = await matchingSkus(db, q.sku)
  return { skus, shops, stretches: await stretchesOf(db, visible, from, to) }
}

type Scope = Awaited<ReturnType<typeof scopeOf>>

const quantity = sql<number>`sum(l.quantity - l.cancelled_quantity)`
const revenue = sql<number>`sum(l.amount * (l.quantity - l.cancelled_quantity) / l.quantity)`

/**
 * The (order, article) rows, newest order first, read from the two covering indexes alone
 * (orders_period, order_lines_order_sku): a page of 2,000 rows stops after the newest
 * few thousand orders of the period.
 */
export async function articleRows(db: Database, actor: Actor, scope: Scope, limit: number): Promise<ArticleRow[]> {
  const rows = await matching(db, actor, scope.skus, scope.shops, scope.stretches)
    .select(['o.id', 'o.number', 'o.shop_code', 'o.status', 'o.created_at', 'o.customer_name', 'o.currency', 'l.sku'])
    .select((eb) => [eb.fn.max('l.name').as('name'), quantity.as('quantity'), revenue.as('revenue')])
    .groupBy(['o.created_at', 'o.id', 'l.sku'])
    .orderBy('o.created_at', 'desc').orderBy('o.id').orderBy('l.sku')
    .limit(limit).execute()
  return rows.map((r) => ({
    orderId: r.id, number: r.number, shop: r.shop_code, status: r.status, createdAt: r.created_at.toISOString(),
    customerName: r.customer_name, currency: r.currency, sku: r.sku, name: r.name, quantity: Number(r.quantity), revenue: Number(r.revenue),
  }))
}

/** Totals per article and currency, and per currency over all articles, in one pass over the matching lines. */
async function articleTotals(db: Database, actor: Actor, scope: Scope) {
  const rows = await matching(db, actor, scope.skus, scope.shops, scope.stretches)
    .select(['l.sku', 'o.currency', sql<number>`grouping(l.sku)`.as('overall')])
    .select((eb) => [eb.fn.max('l.name').as('name'), sql<number>`count(distinct o.id)`.as('orders'), quantity.as('quantity'), revenue.as('revenue')])
    .groupBy(sql`grouping sets ((l.sku, o.currency), (o.currency))`)
    .orderBy(sql`grouping(l.sku)`).orderBy('l.sku').orderBy('o.currency')
    .execute()
  const sums = (r: (typeof rows)[number]) => ({ currency: r.currency, orders: Number(r.orders), quantity: Number(r.quantity), revenue: Number(r.revenue) })
  return {
    articles: rows.filter((r) => Number(r.overall) === 0).map((r) => ({ sku: r.sku, name: r.name, ...sums(r) })),
    totals: rows.filter((r) => Number(r.overall) === 1).map(sums),
  }
}

export async function articleReport(db: Database, actor: Actor, q: ArticleQuery) {
  const scope = await scopeOf(db, actor, q)
  const [items, { articles, totals }] = await Promise.all([
    articleRows(db, actor, scope, ROWS_MAX + 1),
    articleTotals(db, actor, scope),
  ])
  return { items: items.slice(0, ROWS_MAX), truncated: items.length > ROWS_MAX, articles, totals }
}

/** A spreadsheet cannot take a cell that starts like a formula for one: it is quoted with a leading '. */
const cell = (v: string | number) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v))

export async function articleCsv(db: Database, actor: Actor, q: ArticleQuery): Promise<string> {
  const rows = await articleRows(db, actor, await scopeOf(db, actor, q), CSV_MAX)
  const head = ['order_number', 'shop', 'placed_at', 'status', 'customer', 'sku', 'article', 'currency', 'quantity', 'revenue_minor_units']
  return stringify([head, ...rows.map((r) => [r.number, r.shop, r.createdAt, r.status, r.customerName, r.sku, r.name, r.currency, r.quantity, r.revenue].map(cell))])
}
