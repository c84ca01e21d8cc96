/**
 * The article report (A13): every order in a period that holds an article whose number
 * contains the text typed (any case), with the quantity and revenue of that article in the
 * order; totals per article and overall, per currency (CHF is never added to EUR).
 * Cancelled orders and cancelled quantities count for nothing.
 */
import { sql } from 'kysely'
import { stringify } from 'csv-stringify/sync'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import type { Actor } from '../auth/actor.ts'

export interface ArticleQuery { sku: string; from?: string; to?: string; shop?: string }

export interface ArticleRow {
  orderId: string; number: string; shop: string; status: string; createdAt: string
  customerName: string; currency: string; sku: string; name: string; quantity: number; revenue: number
}

/** The JSON answer lists this many order rows at most; the totals always count every row, the CSV holds up to CSV_MAX. */
export const ROWS_MAX = 2000
export const CSV_MAX = 100_000

const contains = (text: string) => `%${text.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`

function dayOf(value: string | undefined, field: string, next: boolean): Date | undefined {
  if (value === undefined || value === '') return undefined
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value)
  const date = new Date(day ? `${value}T00:00:00Z` : value)
  if (Number.isNaN(date.getTime())) {
    throw new DomainError('validation_failed', `${field}: not a date`, { errors: [{ in: 'querystring', path: field, message: 'must be a date or date-time' }] })
  }
  if (day && next) date.setUTCDate(date.getUTCDate() + 1)
  return date
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
function matching(db: Database, actor: Actor, q: ArticleQuery, skus: string[]) {
  const from = dayOf(q.from, 'from', false)
  const to = dayOf(q.to, 'to', true)
  const shops = q.shop ? q.shop.split(',').map((s) => s.trim()).filter(Boolean) : undefined
  return db.selectFrom('order_lines as l').innerJoin('orders as o', 'o.id', 'l.order_id')
    .where('l.sku', 'in', skus.length ? skus : [''])
    .where('o.status', '<>', 'cancelled')
    .where('l.quantity', '>', sql<number>`l.cancelled_quantity`)
    .$if(from !== undefined, (qb) => qb.where('o.created_at', '>=', from!))
    .$if(to !== undefined, (qb) => qb.where('o.created_at', '<', to!))
    .$if(shops !== undefined, (qb) => qb.where('o.shop_code', 'in', shops!))
    .$if(actor.shops !== null, (qb) => qb.where('o.shop_code', 'in', actor.shops!.length ? [...actor.shops!] : ['']))
}

const quantity = sql<number>`sum(l.quantity - l.cancelled_quantity)`
const revenue = sql<number>`sum(l.amount * (l.quantity - l.cancelled_quantity) / l.quantity)`

/**
 * The (order, article) rows, newest order first, read from the two covering indexes alone
 * (orders_period, order_lines_order_sku): a page of 2,000 rows stops after the newest
 * few thousand orders of the period.
 */
export async function articleRows(db: Database, actor: Actor, q: ArticleQuery, limit: number, known?: string[]): Promise<ArticleRow[]> {
  const skus = known ?? await matchingSkus(db, q.sku)
  const rows = await matching(db, actor, q, skus)
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
async function articleTotals(db: Database, actor: Actor, q: ArticleQuery, skus: string[]) {
  const rows = await matching(db, actor, q, skus)
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
  const skus = await matchingSkus(db, q.sku)
  matching(db, actor, q, skus) // validates the dates before the queries start
  const [items, { articles, totals }] = await Promise.all([
    articleRows(db, actor, q, ROWS_MAX + 1, skus),
    articleTotals(db, actor, q, skus),
  ])
  return { items: items.slice(0, ROWS_MAX), truncated: items.length > ROWS_MAX, articles, totals }
}

/** A spreadsheet cannot take a cell that starts like a formula for one: it is quoted with a leading '. */
const cell = (v: string | number) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v))

export async function articleCsv(db: Database, actor: Actor, q: ArticleQuery): Promise<string> {
  const rows = await articleRows(db, actor, q, CSV_MAX)
  const head = ['order_number', 'shop', 'placed_at', 'status', 'customer', 'sku', 'article', 'currency', 'quantity', 'revenue_minor_units']
  return stringify([head, ...rows.map((r) => [r.number, r.shop, r.createdAt, r.status, r.customerName, r.sku, r.name, r.currency, r.quantity, r.revenue].map(cell))])
}
