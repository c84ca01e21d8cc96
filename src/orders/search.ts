/**
 * The order search (A12): filters combined with AND, newest first, keyset-paginated
 * on (created_at, id), so the thousandth page costs what the first does.
 */
import { sql, type ExpressionBuilder } from 'kysely'
import type { Database } from '../db/database.ts'
import type { DB } from '../db/schema.ts'
import { DomainError } from '../http/errors.ts'
import { isUuid } from '../shared/ids.ts'
import { allowedOrderActions, orderStatuses, type OrderStatus, type PaymentMethod } from './order.machine.ts'
import { paymentStatuses, type PaymentStatus } from '../payments/payment-status.ts'
import type { DeliveryStatus } from './delivery.machine.ts'
import type { OrderSummaryApi } from './order.schemas.ts'
import type { Actor } from '../auth/actor.ts'
import { mayRun } from './order.api.ts'

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
}

export interface OrderPage { items: OrderSummaryApi[]; nextCursor: string | null }

type Where = (eb: ExpressionBuilder<DB, 'orders'>) => ReturnType<ExpressionBuilder<DB, 'orders'>['and']>

export async function searchOrders(db: Database, actor: Actor, query: OrderQuery): Promise<OrderPage> {
  const limit = query.limit ?? 50
  const after = query.cursor ? decodeCursor(query.cursor) : undefined
  const rows = await db.selectFrom('orders')
    .select(['id', 'number', 'invoice_number', 'shop_code', 'status', 'payment_status', 'payment_method', 'customer_id',
      'customer_email', 'customer_name', 'currency', 'total', 'authorized', 'captured', 'refunded', 'created_at'])
    .where(filtersOf(query))
    .$if(actor.shops !== null, (qb) => qb.where('shop_code', 'in', actor.shops!.length ? [...actor.shops!] : ['']))
    .$if(after !== undefined, (qb) => qb.where(sql<boolean>`(created_at, id) < (${after!.at}, ${after!.id}::uuid)`))
    .orderBy('created_at', 'desc').orderBy('id', 'desc')
    .limit(limit + 1)
    .execute()

  const page = rows.slice(0, limit)
  const deliveries = page.length === 0 ? [] : await db.selectFrom('deliveries')
    .select(['order_id', 'status', 'awaiting_payment'])
    .where('order_id', 'in', page.map((r) => r.id))
    .execute()
  const last = page.at(-1)
  return {
    items: page.map((r) => {
      const status = r.status as OrderStatus
      const paymentStatus = r.payment_status as PaymentStatus
      const own = deliveries.filter((d) => d.order_id === r.id)
      const outstanding = status === 'cancelled' || status === 'returned' ? 0 : Math.max(0, r.total - (r.captured - r.refunded))
      const openAuthorization = r.payment_method === 'card' ? Math.max(0, r.authorized - r.captured) : 0
      return {
        id: r.id, number: r.number, invoiceNumber: r.invoice_number, shop: r.shop_code, status, paymentStatus,
        paymentMethod: r.payment_method as PaymentMethod,
        customer: { id: r.customer_id, email: r.customer_email, name: r.customer_name },
        currency: r.currency, total: r.total, captured: r.captured, refunded: r.refunded,
        allowedActions: allowedOrderActions({
          status, paymentStatus, paymentMethod: r.payment_method as PaymentMethod, outstanding,
          uncovered: Math.max(0, outstanding - openAuthorization),
          deliveries: own.map((d) => ({ status: d.status as DeliveryStatus, awaitingPayment: d.awaiting_payment })),
        }).filter(mayRun(actor)),
        createdAt: r.created_at.toISOString(),
      }
    }),
    nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
  }
}

function filtersOf(query: OrderQuery): Where {
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
    if (query.sku) {
      conditions.push(eb.exists(eb.selectFrom('order_lines as l').select(sql`1`.as('one'))
        .whereRef('l.order_id', '=', 'orders.id').where('l.sku', '=', query.sku)))
    }
    const q = query.q?.trim()
    if (q) conditions.push(textCondition(eb, q))
    return eb.and(conditions)
  }
}

/** `@zurich` searches the addresses; anything else the numbers, the customer's name and e-mail. */
function textCondition(eb: ExpressionBuilder<DB, 'orders'>, q: string) {
  if (q.startsWith('@')) return eb('address_text', 'like', contains(q.slice(1)))
  const like = contains(q)
  return eb.or([
    eb('number', '=', q),
    eb('invoice_number', '=', q),
    eb(sql`lower(customer_email)`, 'like', like),
    eb(sql`lower(customer_name)`, 'like', like),
  ])
}

const contains = (text: string) => `%${text.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`

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
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value)
  const date = new Date(day ? `${value}T00:00:00Z` : value)
  if (Number.isNaN(date.getTime())) {
    throw new DomainError('validation_failed', `${field}: not a date`, { errors: [{ in: 'querystring', path: field, message: 'must be a date or date-time' }] })
  }
  if (day && endOfDay) date.setUTCDate(date.getUTCDate() + 1)
  return date
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url')
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string]
    const date = new Date(at)
    if (typeof id !== 'string' || !isUuid(id) || Number.isNaN(date.getTime())) throw new Error('bad cursor')
    return { at: date, id }
  } catch {
    throw new DomainError('validation_failed', 'cursor: not a cursor this API gave out', { errors: [{ in: 'querystring', path: 'cursor', message: 'invalid' }] })
  }
}
