/**
 * The warehouse's work queue: deliveries across orders, oldest first, filtered by
 * state, warehouse, kind and shop, with what each one can do next.
 */
import { sql } from 'kysely'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { mayRun } from '../orders/order.api.ts'
import { allowedDeliveryActions, deliveryKinds, deliveryStatuses, type DeliveryKind, type DeliveryStatus } from '../orders/delivery.machine.ts'

export interface DeliveryQueueQuery {
  status?: string
  warehouse?: string
  kind?: string
  shop?: string
  /** A delivery or order number, exactly (what a scanner reads). */
  number?: string
  limit?: number
  cursor?: string
}

export interface QueuedDelivery {
  id: string; number: string; orderId: string; orderNumber: string; shop: string; orderStatus: string
  kind: string; status: string; warehouse: string | null; carrier: string | null; trackingNumber: string | null
  availableFrom: string | null; shippedAt: string | null; createdAt: string
  customer: string; shipTo: string; items: { sku: string; quantity: number }[]; allowedActions: string[]
}

const listOf = <T extends string>(value: string | undefined, allowed: readonly T[], field: string): T[] | undefined => {
  if (!value) return undefined
  const items = value.split(',').map((v) => v.trim()).filter(Boolean)
  const wrong = items.filter((v) => !(allowed as readonly string[]).includes(v))
  if (wrong.length) throw new DomainError('validation_failed', `Unknown ${field}: ${wrong.join(', ')}`, { errors: [{ path: field, message: `one of ${allowed.join(', ')}` }] })
  return items as T[]
}

const encodeCursor = (createdAt: Date, id: string) => Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url')
function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|')
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new DomainError('validation_failed', 'The cursor is not one this list gave out', { errors: [{ path: 'cursor', message: 'invalid' }] })
  }
  return { at, id }
}

/** One page of the queue, and how many deliveries of the caller's shops are in each state. */
export async function listDeliveryQueue(db: Database, actor: Actor, query: DeliveryQueueQuery) {
  const limit = query.limit ?? 100
  const statuses = listOf<DeliveryStatus>(query.status, deliveryStatuses, 'status')
  const kinds = listOf<DeliveryKind>(query.kind, deliveryKinds, 'kind')
  const shops = query.shop ? query.shop.split(',').map((s) => s.trim()).filter(Boolean) : undefined
  const after = query.cursor ? decodeCursor(query.cursor) : undefined
  const base = db.selectFrom('deliveries as d').innerJoin('orders as o', 'o.id', 'd.order_id')
    .$if(actor.shops !== null, (qb) => qb.where('o.shop_code', 'in', actor.shops!.length ? [...actor.shops!] : ['']))
    .$if(shops !== undefined, (qb) => qb.where('o.shop_code', 'in', shops!))
    .$if(!!query.warehouse, (qb) => qb.where('d.warehouse_code', '=', query.warehouse!))
    .$if(kinds !== undefined, (qb) => qb.where('d.kind', 'in', kinds!))
    .$if(!!query.number, (qb) => qb.where((eb) => eb.or([eb('d.number', '=', query.number!.trim()), eb('o.number', '=', query.number!.trim())])))

  const rows = await base
    .select(['d.id', 'd.number', 'd.order_id', 'o.number as order_number', 'o.shop_code', 'o.status as order_status', 'd.kind', 'd.status',
      'd.warehouse_code', 'd.carrier', 'd.tracking_number', 'd.available_from', 'd.shipped_at', 'd.created_at', 'd.awaiting_payment',
      'o.customer_name', 'o.shipping_address', 'o.billing_address'])
    .$if(statuses !== undefined, (qb) => qb.where('d.status', 'in', statuses!))
    .$if(after !== undefined, (qb) => qb.where(sql<boolean>`(d.created_at, d.id) > (${after!.at}::timestamptz, ${after!.id}::uuid)`))
    .orderBy('d.created_at', 'asc').orderBy('d.id', 'asc')
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  const lines = page.length === 0 ? [] : await db.selectFrom('delivery_lines').select(['delivery_id', 'sku', 'quantity'])
    .where('delivery_id', 'in', page.map((r) => r.id)).execute()
  const counts = await base.select(['d.status', sql<string>`count(*)`.as('n')]).groupBy('d.status').execute()
  const last = page.at(-1)

  return {
    items: page.map((r): QueuedDelivery => {
      const to = r.shipping_address ?? r.billing_address
      return {
        id: r.id, number: r.number, orderId: r.order_id, orderNumber: r.order_number, shop: r.shop_code, orderStatus: r.order_status,
        kind: r.kind, status: r.status, warehouse: r.warehouse_code, carrier: r.carrier, trackingNumber: r.tracking_number,
        availableFrom: r.available_from ? String(r.available_from) : null,
        shippedAt: r.shipped_at ? new Date(r.shipped_at).toISOString() : null, createdAt: new Date(r.created_at).toISOString(),
        customer: r.customer_name, shipTo: to ? `${to.postalCode} ${to.city}, ${to.country}` : '',
        items: lines.filter((l) => l.delivery_id === r.id).map((l) => ({ sku: l.sku, quantity: l.quantity })),
        allowedActions: allowedDeliveryActions({
          status: r.status as DeliveryStatus, kind: r.kind as DeliveryKind, awaitingPayment: r.awaiting_payment,
          orderUnderWay: r.order_status === 'in_progress' || r.order_status === 'partially_shipped',
        }).filter(mayRun(actor)),
      }
    }),
    nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.created_at), last.id) : null,
    counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
  }
}
