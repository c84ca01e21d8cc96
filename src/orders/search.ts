/**
 * The order search (A12): filters combined with AND, newest first unless `sort` says
 * otherwise, keyset-paginated on (sort key, id), so the thousandth page costs what the
 * first does.
 */
import { owedBy } from '../payments/payment-status.ts'
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { isUuid } from '../shared/ids.ts'
import { allowedOrderActions, type OrderStatus, type PaymentMethod } from './order.machine.ts'
import type { PaymentStatus } from '../payments/payment-status.ts'
import type { DeliveryStatus } from './delivery.machine.ts'
import type { OrderSummaryApi } from './order.schemas.ts'
import type { Actor } from '../auth/actor.ts'
import { mayRun } from './order.api.ts'
import { filtersOf, resolveSkus, type OrderQuery } from './order-filters.ts'

export type { OrderQuery } from './order-filters.ts'

/** The columns the list can be sorted by, and the SQL type a cursor's value is cast to. */
export const orderSortKeys = {
  createdAt: { column: 'created_at', type: 'timestamptz' },
  number: { column: 'number', type: 'text' },
  customer: { column: 'customer_name', type: 'text' },
  status: { column: 'status', type: 'text' },
  paymentStatus: { column: 'payment_status', type: 'text' },
  total: { column: 'total', type: 'bigint' },
  captured: { column: 'captured', type: 'bigint' },
} as const
type SortKey = keyof typeof orderSortKeys
export const orderSortValues = Object.keys(orderSortKeys).flatMap((k) => [k, `-${k}`])

export interface OrderPage {
  items: OrderSummaryApi[]
  nextCursor: string | null
  /** On the first page: how many orders match, counted up to COUNT_CAP (then `countIsExact` is false). */
  count: number | null
  countIsExact: boolean
}

/** Counting stops here: "more than 1,000" is all a person needs, and it stays cheap on a million orders. */
export const COUNT_CAP = 1000

export async function searchOrders(db: Database, actor: Actor, given: OrderQuery): Promise<OrderPage> {
  const query = await resolveSkus(db, given)
  const limit = query.limit ?? 50
  const sort = sortOf(query.sort)
  const after = query.cursor ? decodeCursor(query.cursor, sort.name) : undefined
  const { column, type } = orderSortKeys[sort.key]
  const direction = sort.descending ? 'desc' : 'asc'
  const counting = after === undefined ? countUpTo(db, actor, query) : Promise.resolve(null)
  // A bad filter fails both queries; the list's error is the one answered, the count's is awaited below or dropped.
  counting.catch(() => {})
  const rows = await db.selectFrom('orders')
    .select(sql<string | null>`coalesce(shipping_address->>'city', billing_address->>'city')`.as('city'))
    .select(['id', 'number', 'invoice_number', 'shop_code', 'status', 'payment_status', 'payment_method', 'customer_id',
      'customer_email', 'customer_name', 'currency', 'total', 'authorized', 'captured', 'refunded', 'credited', 'created_at'])
    .where(filtersOf(query))
    .$if(actor.shops !== null, (qb) => qb.where('shop_code', 'in', actor.shops!.length ? [...actor.shops!] : ['']))
    // The row comparison follows the sort direction; id breaks ties, so no order is skipped or repeated.
    .$if(after !== undefined, (qb) => qb.where(sql<boolean>`(${sql.ref(column)}, id) ${sql.raw(sort.descending ? '<' : '>')} (cast(${after!.value} as ${sql.raw(type)}), ${after!.id}::uuid)`))
    .orderBy(column, direction).orderBy('id', direction)
    .limit(limit + 1)
    .execute()

  const count = await counting
  const page = rows.slice(0, limit)
  const ids = page.map((r) => r.id)
  const [deliveries, dunning] = page.length === 0 ? [[], []] : await Promise.all([
    db.selectFrom('deliveries').select(['order_id', 'status', 'awaiting_payment']).where('order_id', 'in', ids).execute(),
    // The reminder level of orders still being chased (finance desk).
    db.selectFrom('order_dunning').select(['order_id', 'level']).where('order_id', 'in', ids).where('cleared_at', 'is', null).execute(),
  ])
  const levels = new Map(dunning.map((d) => [d.order_id, d.level]))
  const last = page.at(-1)
  return {
    items: page.map((r) => {
      const status = r.status as OrderStatus
      const paymentStatus = r.payment_status as PaymentStatus
      const own = deliveries.filter((d) => d.order_id === r.id)
      const outstanding = owedBy(r)
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
        outstanding,
        dunningLevel: levels.get(r.id) ?? null,
        city: r.city,
        createdAt: r.created_at.toISOString(),
      }
    }),
    nextCursor: rows.length > limit && last ? encodeCursor(sort.name, sortValueOf(last, sort.key), last.id) : null,
    count: count === null ? null : Math.min(count, COUNT_CAP),
    countIsExact: count !== null && count <= COUNT_CAP,
  }
}

/** Counts the matching rows, reading at most COUNT_CAP + 1 of them. */
async function countUpTo(db: Database, actor: Actor, query: OrderQuery): Promise<number> {
  const inner = db.selectFrom('orders').select(sql`1`.as('one'))
    .where(filtersOf(query))
    .$if(actor.shops !== null, (qb) => qb.where('shop_code', 'in', actor.shops!.length ? [...actor.shops!] : ['']))
    .limit(COUNT_CAP + 1)
  const row = await db.selectFrom(inner.as('matching')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

function sortOf(value: string | undefined): { name: string; key: SortKey; descending: boolean } {
  const name = value?.trim() || '-createdAt'
  const descending = name.startsWith('-')
  const key = (descending ? name.slice(1) : name) as SortKey
  if (!Object.hasOwn(orderSortKeys, key)) {
    throw new DomainError('validation_failed', `sort: unknown value ${name}; one of ${orderSortValues.join(', ')}`,
      { errors: [{ in: 'querystring', path: 'sort', message: `must be among ${orderSortValues.join(', ')}` }] })
  }
  return { name, key, descending }
}

type SortRow = { created_at: Date; number: string; customer_name: string; status: string; payment_status: string; total: number; captured: number }

function sortValueOf(row: SortRow, key: SortKey): string | number {
  const value = row[orderSortKeys[key].column]
  return value instanceof Date ? value.toISOString() : value
}

/** The cursor names its sort, so a cursor from one sort is never read as another's. */
function encodeCursor(sort: string, value: string | number, id: string): string {
  return Buffer.from(JSON.stringify([value, id, sort])).toString('base64url')
}

function decodeCursor(cursor: string, sort: string): { value: string | number; id: string } {
  try {
    const [value, id, cursorSort = '-createdAt'] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string | number, string, string?]
    if (typeof id !== 'string' || !isUuid(id) || cursorSort !== sort) throw new Error('bad cursor')
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error('bad cursor')
    if (sort.endsWith('createdAt') && Number.isNaN(new Date(value).getTime())) throw new Error('bad cursor')
    return { value, id }
  } catch {
    throw new DomainError('validation_failed', 'cursor: not a cursor this API gave out for this sort', { errors: [{ in: 'querystring', path: 'cursor', message: 'invalid' }] })
  }
}
