/** Loading an order with everything it holds, locked for a change, and saving it back. */
import { sql, type Selectable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { Update } from '../db/write-together.ts'
import type { DeliveriesTable, DeliveryLinesTable, OrderLinesTable, OrdersTable, PaymentTransactionsTable } from '../db/schema.ts'
import { DomainError } from '../http/errors.ts'
import { laterOperations, placementOperations, refuseWhilePaymentInFlight } from '../payments/gateway-outside.ts'
import { isUuid } from '../shared/ids.ts'
import { seesShop, type Actor } from '../auth/actor.ts'
import type { DeliveryKind, DeliveryStatus } from './delivery.machine.ts'
import type { OrderStatus, PaymentMethod } from './order.machine.ts'
import type { PaymentStatus } from '../payments/payment-status.ts'

export type OrderRow = Omit<Selectable<OrdersTable>, 'status' | 'payment_status' | 'payment_method' | 'credited'> & {
  /** Always read from the database; a newly placed order has given nothing back yet. */
  credited?: number
  status: OrderStatus
  payment_status: PaymentStatus
  payment_method: PaymentMethod
}
export type OrderLineRow = Selectable<OrderLinesTable>
export type DeliveryRow = Omit<Selectable<DeliveriesTable>, 'status' | 'kind'> & { status: DeliveryStatus; kind: DeliveryKind }
export type DeliveryLineRow = Selectable<DeliveryLinesTable>
export type TransactionRow = Selectable<PaymentTransactionsTable>

export interface DeliveryState { row: DeliveryRow; lines: DeliveryLineRow[]; changed: boolean }

/** An order and everything it holds, as one unit of change. */
export interface OrderState {
  row: OrderRow
  lines: OrderLineRow[]
  deliveries: DeliveryState[]
  transactions: TransactionRow[]
  /** The discount codes the order used (money). */
  discounts?: { code: string; amount: number }[]
  /** Which documents the order has (not their snapshots); undefined where not loaded. */
  documents?: DocumentHead[]
  /** Whether reminders run for it (an unpaid invoice order); undefined where not known. */
  dunningOpen?: boolean
  /** Captures, voids and refunds being asked of the gateway now (payment attempts started). */
  paymentsInFlight?: string[]
  /** The card payment asked at placement is still waiting for its recorded answer. */
  cardAnswerPending?: boolean
  /** The order's version as it was read, before this change. */
  loadedVersion?: number
}

/** A document of the order as a change needs to know it: what it is and for which delivery. */
export interface DocumentHead { id: string; kind: string; number: string; delivery_id: string | null }

/** Loads an order the actor may see; another shop's order does not exist for them (404, not 403). */
export async function loadOrderFor(actor: Actor, trx: Database, id: string, lock = false): Promise<OrderState> {
  const order = await loadOrder(trx, id, lock)
  if (!seesShop(actor, order.row.shop_code)) throw new DomainError('order_not_found', `There is no order "${id}"`)
  // A change waits its turn while another one's payment is being asked of the gateway.
  if (lock) refuseWhilePaymentInFlight(order)
  return order
}

/**
 * Loads the order; with `lock`, holds its row until the transaction ends (SELECT ... FOR UPDATE).
 * Two statements: the order row (locked first), then everything it holds as JSON in one
 * read. The second starts after the lock is held, so it sees what the change before it
 * committed (one statement would read the parts as they were when it began waiting).
 */
export async function loadOrder(trx: Database, id: string, lock = false): Promise<OrderState> {
  if (!isUuid(id)) throw new DomainError('order_not_found', `There is no order "${id}"`)
  let query = trx.selectFrom('orders').selectAll().where('id', '=', id)
  if (lock) query = query.forUpdate()
  const row = await query.executeTakeFirst() as OrderRow | undefined
  if (!row) throw new DomainError('order_not_found', `There is no order "${id}"`)
  return withParts(trx, row)
}

/** The order whose row was just read (and locked): everything it holds, in one read. */
export async function withParts(trx: Database, row: OrderRow): Promise<OrderState> {
  const id = row.id
  const { rows: [parts] } = await sql<OrderParts>`
    select
      coalesce((select json_agg(l order by l.line_no) from order_lines l where l.order_id = ${id}), '[]') as lines,
      coalesce((select json_agg(d order by d.number) from deliveries d where d.order_id = ${id}), '[]') as deliveries,
      coalesce((select json_agg(dl) from delivery_lines dl join deliveries d on d.id = dl.delivery_id where d.order_id = ${id}), '[]') as delivery_lines,
      coalesce((select json_agg(t order by t.created_at, t.id) from payment_transactions t where t.order_id = ${id}), '[]') as transactions,
      coalesce((select json_agg(json_build_object('code', x.code, 'amount', x.amount) order by x.created_at) from order_discounts x where x.order_id = ${id}), '[]') as discounts,
      coalesce((select json_agg(json_build_object('id', x.id, 'kind', x.kind, 'number', x.number, 'delivery_id', x.delivery_id) order by x.created_at, x.id)
        from documents x where x.order_id = ${id}), '[]') as documents,
      exists (select 1 from order_dunning x where x.order_id = ${id} and x.cleared_at is null) as dunning_open,
      coalesce((select json_agg(x.id) from payment_attempts x
        where x.order_id = ${id} and x.state = 'started' and x.operation in (${sql.join([...laterOperations])})), '[]') as payments_in_flight,
      exists (select 1 from payment_attempts x
        where x.order_id = ${id} and x.state = 'started' and x.operation in (${sql.join([...placementOperations])})) as card_answer_pending
  `.execute(trx)
  const deliveries = parts.deliveries.map((d) => withDates(d, ['shipped_at', 'delivered_at', 'created_at', 'updated_at']) as DeliveryRow)
  const deliveryLines = parts.delivery_lines
  return {
    row,
    lines: parts.lines,
    deliveries: deliveries.map((d) => ({ row: d, lines: deliveryLines.filter((l) => l.delivery_id === d.id), changed: false })),
    transactions: parts.transactions.map((t) => withDates(t, ['created_at']) as TransactionRow),
    discounts: parts.discounts,
    documents: parts.documents,
    dunningOpen: parts.dunning_open,
    paymentsInFlight: parts.payments_in_flight,
    cardAnswerPending: parts.card_answer_pending,
    loadedVersion: row.version,
  }
}

/** The parts of an order as JSON gives them: numbers and day strings as the drivers do, instants as text. */
interface OrderParts {
  lines: OrderLineRow[]
  deliveries: Record<string, unknown>[]
  delivery_lines: DeliveryLineRow[]
  transactions: Record<string, unknown>[]
  discounts: { code: string; amount: number }[]
  documents: DocumentHead[]
  dunning_open: boolean
  payments_in_flight: string[]
  card_answer_pending: boolean
}

/** JSON has no instants: these columns become Dates, as the drivers return them. */
export function withDates(row: Record<string, unknown>, columns: string[]): Record<string, unknown> {
  for (const c of columns) if (typeof row[c] === 'string') row[c] = new Date(row[c] as string)
  return row
}

/**
 * The writes that save the order row and every delivery the change touched, made with the
 * change's journal in one statement (`journal.flush(trx, ...orderUpdates(order))`).
 */
export function orderUpdates(order: OrderState): Update[] {
  const r = order.row
  r.updated_at = new Date()
  r.version += 1
  const writes: Update[] = [{
    update: (db) => db.updateTable('orders').set({
      status: r.status,
      payment_status: r.payment_status,
      invoice_number: r.invoice_number,
      subtotal: r.subtotal,
      discount: r.discount,
      tax: r.tax,
      total: r.total,
      authorized: r.authorized,
      captured: r.captured,
      refunded: r.refunded,
      credited: r.credited ?? 0,
      payment_advised: r.payment_advised,
      version: r.version,
      updated_at: r.updated_at,
    }).where('id', '=', r.id),
  }]
  for (const d of order.deliveries.filter((x) => x.changed)) {
    const row = { ...d.row, updated_at: r.updated_at }
    d.row.updated_at = r.updated_at
    writes.push({
      update: (db) => db.updateTable('deliveries').set({
        status: row.status,
        warehouse_code: row.warehouse_code,
        amount: row.amount,
        carrier: row.carrier,
        tracking_number: row.tracking_number,
        awaiting_payment: row.awaiting_payment,
        shipped_at: row.shipped_at,
        delivered_at: row.delivered_at,
        updated_at: row.updated_at,
      }).where('id', '=', row.id),
    })
    d.changed = false
  }
  return writes
}

/** The order's id and shop, or order_not_found: for reads that need only to know it exists. */
export async function findOrderHeader(actor: Actor, db: Database, id: string): Promise<{ id: string; shop_code: string }> {
  const row = isUuid(id) ? await db.selectFrom('orders').select(['id', 'shop_code']).where('id', '=', id).executeTakeFirst() : undefined
  if (!row || !seesShop(actor, row.shop_code)) throw new DomainError('order_not_found', `There is no order "${id}"`)
  return row
}
