/**
 * Reads every order matching the search filters, batch by batch (keyset on created_at, id),
 * with its lines, deliveries and payments: memory holds one batch, however many orders match.
 */
import { sql, type Selectable } from 'kysely'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { PaymentTransactionsTable } from '../db/schema.ts'
import { orderToApi, transactionToApi } from '../orders/order.api.ts'
import type { DeliveryRow, OrderRow, OrderState } from '../orders/order.repo.ts'
import type { OrderApi } from '../orders/order.schemas.ts'
import { scopedOrders, type ExportFilter } from './export-filter.ts'
import { b2bOf, type B2bApi } from '../drafts/order-b2b.ts'

export type ExportedOrder = Omit<OrderApi, 'allowedActions' | 'deliveries'> & {
  deliveries: Omit<OrderApi['deliveries'][number], 'allowedActions'>[]
  transactions: ReturnType<typeof transactionToApi>[]
  /** Purchase-order reference, cost centre, approver: null for orders without them. */
  b2b: B2bApi | null
}

export async function* streamOrders(db: Database, actor: Actor, filter: ExportFilter, batchSize = 500): AsyncGenerator<ExportedOrder> {
  let after: { at: Date; id: string } | undefined
  for (;;) {
    const rows = await scopedOrders(db, actor, filter).selectAll()
      .$if(after !== undefined, (qb) => qb.where(sql<boolean>`(created_at, id) < (${after!.at}, ${after!.id}::uuid)`))
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(batchSize).execute() as OrderRow[]
    if (rows.length === 0) return
    const b2b = await b2bOf(db, rows.map((r) => r.id))
    for (const order of await withParts(db, rows)) yield exportedOrder(order, b2b.get(order.row.id) ?? null)
    const last = rows.at(-1)!
    after = { at: last.created_at, id: last.id }
    if (rows.length < batchSize) return
  }
}

/** One order as exported: its API shape without the actions of the moment, plus its payments. */
export function exportedOrder(order: OrderState, b2b: B2bApi | null = null): ExportedOrder {
  const { allowedActions: _, deliveries, ...rest } = orderToApi(order)
  return {
    ...rest,
    deliveries: deliveries.map(({ allowedActions: _a, ...d }) => d),
    transactions: order.transactions.map(transactionToApi),
    b2b,
  }
}

async function withParts(db: Database, rows: OrderRow[]): Promise<OrderState[]> {
  const ids = rows.map((r) => r.id)
  const [lines, deliveries, deliveryLines, transactions] = await Promise.all([
    db.selectFrom('order_lines').selectAll().where('order_id', 'in', ids).orderBy('order_id').orderBy('line_no').execute(),
    db.selectFrom('deliveries').selectAll().where('order_id', 'in', ids).orderBy('number').execute(),
    db.selectFrom('delivery_lines as dl').innerJoin('deliveries as d', 'd.id', 'dl.delivery_id')
      .selectAll('dl').select('d.order_id').where('d.order_id', 'in', ids).execute(),
    db.selectFrom('payment_transactions').selectAll().where('order_id', 'in', ids).orderBy('created_at').orderBy('id').execute(),
  ])
  const byOrder = <T extends { order_id: string }>(items: T[]) => {
    const map = new Map<string, T[]>()
    for (const item of items) map.set(item.order_id, [...(map.get(item.order_id) ?? []), item])
    return map
  }
  const linesOf = byOrder(lines), deliveriesOf = byOrder(deliveries as DeliveryRow[]), dlOf = byOrder(deliveryLines)
  const txOf = byOrder(transactions as Selectable<PaymentTransactionsTable>[])
  return rows.map((row) => ({
    row,
    lines: linesOf.get(row.id) ?? [],
    deliveries: (deliveriesOf.get(row.id) ?? []).map((d) => ({
      row: d, changed: false,
      lines: (dlOf.get(row.id) ?? []).filter((l) => l.delivery_id === d.id).map(({ order_id: _, ...l }) => l),
    })),
    transactions: txOf.get(row.id) ?? [],
  }))
}
