/**
 * The order search's filters (A12) as one WHERE condition, in a module of their own: the
 * search, the exports and bulk runs share them, and the export (a process of its own) loads
 * them without the search's result mapping and the order module behind it.
 */
import { sql, type ExpressionBuilder } from 'kysely'
import type { Database } from '../db/database.ts'
import type { DB } from '../db/schema.ts'
import { parseStrictDate } from '../shared/dates.ts'
import { DomainError } from '../http/errors.ts'
import { isUuid } from '../shared/ids.ts'
import { orderStatuses } from './order.machine.ts'
import { paymentStatuses } from '../payments/payment-status.ts'
import { dunningCondition } from '../dunning/dunning-filter.ts'
import { numberDigits, orderPhoneDigits } from '../db/indexed-expressions.ts'

export interface OrderQuery {
  status?: string
  paymentStatus?: string
  shop?: string
  customer?: string
  q?: string
  sku?: string
  from?: string
  to?: string
  minTotal?: number
  maxTotal?: number
  limit?: number
  cursor?: string
  /** Money: reminder levels (comma-separated) and past due date. */
  dunningLevel?: string
  overdue?: boolean
  /** A sort key, `-` first for descending: `-createdAt` (the default), `total`, `-customer`, ... */
  sort?: string
  /** The article numbers `sku` matches, looked up before the search (see resolveSkus). */
  skus?: string[]
}


type Where = (eb: ExpressionBuilder<DB, 'orders'>) => ReturnType<ExpressionBuilder<DB, 'orders'>['and']>

/** The search's filters as one WHERE condition; the export streams with them too. */
export function filtersOf(query: OrderQuery): Where {
  return (eb) => {
    const conditions = []
    const statuses = listOf(query.status, orderStatuses, 'status')
    if (statuses) conditions.push(eb('status', 'in', statuses))
    const paid = listOf(query.paymentStatus, paymentStatuses, 'paymentStatus')
    if (paid) conditions.push(eb('payment_status', 'in', paid))
    if (query.shop) conditions.push(eb('shop_code', 'in', query.shop.split(',')))
    if (query.customer) {
      if (!isUuid(query.customer)) return eb.val(false) as never
      conditions.push(eb('customer_id', '=', query.customer))
    }
    if (query.from) conditions.push(eb('created_at', '>=', dateOf(query.from, 'from', false)))
    if (query.to) conditions.push(eb('created_at', '<', dateOf(query.to, 'to', true)))
    if (query.minTotal !== undefined) conditions.push(eb('total', '>=', query.minTotal))
    if (query.maxTotal !== undefined) conditions.push(eb('total', '<=', query.maxTotal))
    if (query.sku?.trim()) conditions.push(skuCondition(eb, query.sku, query.skus))
    const q = query.q?.trim()
    if (q) conditions.push(textCondition(eb, q))
    if (query.dunningLevel || query.overdue) conditions.push(dunningCondition(eb, query))
    return eb.and(conditions)
  }
}

/**
 * What staff type, matched the way they mean it (A12), each form by an index of its own:
 * - `@zurich` searches the addresses;
 * - a whole e-mail address matches exactly, any case;
 * - digits (`100098`, `10009`, `0098`) match order and invoice numbers without their prefix,
 *   at the start or the end, and phone numbers in any notation;
 * - a number with its prefix (`ch-100098`, `CH-1000`) matches order and invoice numbers from the start;
 * - anything else matches part of the customer's name or e-mail.
 * Each branch is a few index range scans, never a scan of every order.
 */
function textCondition(eb: ExpressionBuilder<DB, 'orders'>, q: string) {
  if (q.startsWith('@')) return eb('address_text', 'like', contains(q.slice(1)))
  const lower = q.toLowerCase()
  if (wholeEmail.test(q)) return eb(sql`lower(customer_email)`, '=', lower)
  const phone = phoneDigits(q)
  const phoneMatch = phone ? [eb(sql.raw(`(${orderPhoneDigits})`), 'like', `%${phone}%`)] : []
  if (/^\d+$/.test(q)) {
    return eb.or([
      eb(sql.raw(`(${numberDigits('number')})`), 'like', startsWith(lower)),
      eb(sql`reverse(lower(number))`, 'like', startsWith([...lower].reverse().join(''))),
      eb(sql.raw(`(${numberDigits('invoice_number')})`), 'like', startsWith(lower)),
      ...phoneMatch,
    ])
  }
  if (phoneMatch.length) return eb.or(phoneMatch)
  // Trigram indexes serve "contains" from three characters on; shorter text matches names from the start.
  const like = q.length < 3 ? startsWith(lower) : contains(q)
  const people = peopleCondition(eb, like)
  // `ch-100098`, `s488e11c-1000` (a prefix may hold digits), or `anna1985`, which could be either.
  if (/^[a-z]{0,6}[-_/ ]?\d+$/i.test(q) || /^[a-z][a-z0-9]{0,15}[-_/ ]\d+$/i.test(q)) {
    return eb.or([eb(sql`lower(number)`, 'like', startsWith(lower)), eb(sql`lower(invoice_number)`, 'like', startsWith(lower)), people])
  }
  return people
}

/**
 * The orders whose customer name or e-mail matches `like`. The pairs orders carry are
 * looked up first in order_customer_names (a row per customer and name, not per order),
 * then the orders of those customers are read and checked themselves.
 */
function peopleCondition(eb: ExpressionBuilder<DB, 'orders'>, like: string) {
  // `search` holds e-mail and name lower-cased, a line break between: a superset of the orders, checked below.
  const customers = eb.selectFrom('order_customer_names as n').select('n.customer_id').where('n.search', 'like', like)
  // An array, worked out once: `= any` of it is an index condition on orders_customer even inside an OR.
  return eb.and([
    eb('customer_id', '=', sql<string>`any(array(${customers}))`),
    // The check on each order found; `|| ''` keeps the planner from reaching for the orders' trigram indexes for it.
    eb.or([eb(sql`(lower(customer_email) || '')`, 'like', like), eb(sql`(lower(customer_name) || '')`, 'like', like)]),
  ])
}

const wholeEmail = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/

/**
 * The digits of a phone number as staff type it (`+41 79 123 45 67`, `079 123 45 67`,
 * `0041791234567`): leading zeros and a country code are dropped by keeping the last nine
 * digits, so every notation finds the same number. Undefined if it is not a phone number.
 */
export function phoneDigits(q: string): string | undefined {
  if (!/^[+\d\s()/.-]+$/.test(q)) return undefined
  const digits = q.replace(/\D/g, '').replace(/^0+/, '')
  return digits.length >= 6 ? digits.slice(-9) : undefined
}

const escaped = (text: string) => text.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)
const startsWith = (text: string) => `${escaped(text)}%`
const contains = (text: string) => `%${text.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * The article numbers that contain the typed part, from the (small) catalogue, looked up
 * first: with the list in hand the planner knows how many lines to expect.
 */
export async function resolveSkus(db: Database, query: OrderQuery): Promise<OrderQuery> {
  if (!query.sku?.trim() || query.skus) return query
  const rows = await db.selectFrom('products').select('sku').where(sql`lower(sku)`, 'like', contains(query.sku)).limit(1000).execute()
  return { ...query, skus: rows.map((r) => r.sku) }
}

/** Order lines whose SKU contains `part` (case-insensitive): the resolved list, else through the products table. */
export function skuCondition(eb: ExpressionBuilder<DB, 'orders'>, part: string, skus?: string[]) {
  if (skus && skus.length === 0) return eb.val(false) as never
  return eb.exists(eb.selectFrom('order_lines as l').select(sql`1`.as('one'))
    .whereRef('l.order_id', '=', 'orders.id')
    .where('l.sku', 'in', skus ?? eb.selectFrom('products').select('products.sku').where(sql`lower(products.sku)`, 'like', contains(part))))
}

function listOf<T extends string>(value: string | undefined, allowed: readonly T[], field: string): T[] | undefined {
  if (!value) return undefined
  const items = value.split(',').map((s) => s.trim()).filter(Boolean)
  const wrong = items.filter((s) => !(allowed as readonly string[]).includes(s))
  if (wrong.length) {
    throw new DomainError('validation_failed', `${field}: unknown value ${wrong.join(', ')}; one of ${allowed.join(', ')}`,
      { errors: [{ in: 'querystring', path: field, message: `must be among ${allowed.join(', ')}` }] })
  }
  return items as T[]
}

/** A date (whole day; `to` includes it) or a date-time. */
function dateOf(value: string, field: string, endOfDay: boolean): Date {
  const parsed = parseStrictDate(value)
  if (!parsed) {
    throw new DomainError('validation_failed', `${field}: not a date`, { errors: [{ in: 'querystring', path: field, message: 'must be a real date (YYYY-MM-DD) or date-time, years 1900 to 9999' }] })
  }
  const { date, dayOnly } = parsed
  if (dayOnly && endOfDay) date.setUTCDate(date.getUTCDate() + 1)
  return date
}
