/**
 * The allocation job: moves waiting deliveries on when stock or the release date allows.
 * Back-orders get stock as soon as one warehouse has all their lines; pre-orders are
 * held until their release date, then allocated or left waiting for inventory (with a
 * back-order alert). Electronic deliveries whose capture failed are tried again.
 * Each order is handled in its own transaction, under its own lock.
 */
import { sql } from 'kysely'
import { systemActor, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { inTransaction } from '../db/transaction.ts'
import { DomainError } from '../http/errors.ts'
import { withGatewayOutside } from '../payments/gateway-outside.ts'
import type { PaymentGateway } from '../payments/gateway.ts'
import { changeStock, lockStock } from '../inventory/stock.repo.ts'
import { deliverElectronic } from '../orders/fulfilment.ts'
import { Journal } from '../orders/journal.ts'
import { finishChange, followDeliveries, isPaid, moveDelivery, type ChangeContext } from '../orders/order-change.ts'
import { loadOrder, type DeliveryState, type OrderState } from '../orders/order.repo.ts'

export interface AllocationReport { ordersChecked: number; allocated: number; stillWaiting: number; delivered: number }

const openStatuses = ['awaiting_approval', 'awaiting_payment', 'in_progress', 'partially_shipped'] as const

export async function runAllocation(db: Database, gateway: PaymentGateway, actor: Actor = systemActor('allocation-job')): Promise<AllocationReport> {
  const today = new Date().toISOString().slice(0, 10)
  const candidates = await db.selectFrom('deliveries as d')
    .innerJoin('orders as o', 'o.id', 'd.order_id')
    .select('o.id')
    .distinct()
    .where('o.status', 'in', openStatuses)
    .where((eb) => eb.or([
      eb('d.status', '=', 'awaiting_inventory'),
      eb.and([eb('d.status', '=', 'awaiting_date'), eb('d.available_from', '<=', sql<string>`${today}::date`)]),
      eb.and([eb('d.kind', '=', 'electronic'), eb('d.status', '=', 'allocated'), eb('d.awaiting_payment', '=', true)]),
    ]))
    .execute()

  const report: AllocationReport = { ordersChecked: 0, allocated: 0, stillWaiting: 0, delivered: 0 }
  for (const { id } of candidates) {
    // An electronic delivery's capture is asked outside the transaction, like a change by hand:
    // the change may run more than once, so each run counts for itself and only the one kept counts.
    const counted = await withGatewayOutside(db, actor, () => inTransaction(db, async (trx) => {
      const run: AllocationReport = { ordersChecked: 1, allocated: 0, stillWaiting: 0, delivered: 0 }
      const order = await loadOrder(trx, id, true)
      const ctx: ChangeContext = { trx, gateway, journal: new Journal(actor) }
      const paidBefore = isPaid(order)
      await allocateWaiting(ctx, order, today, run)
      if (order.row.status === 'in_progress' || order.row.status === 'partially_shipped') {
        const before = order.deliveries.filter((d) => d.row.status === 'delivered').length
        await deliverElectronic(ctx, order)
        run.delivered += order.deliveries.filter((d) => d.row.status === 'delivered').length - before
        followDeliveries(ctx, order)
      }
      await finishChange(ctx, order, paidBefore)
      return run
    })).catch((error) => {
      // Another change's payment of this order is out, or the order kept changing: it is looked at again next time.
      if (error instanceof DomainError && (error.code === 'payment_in_progress' || error.code === 'concurrent_update')) {
        return { ordersChecked: 1, allocated: 0, stillWaiting: 1, delivered: 0 }
      }
      throw error
    })
    for (const k of Object.keys(report) as (keyof AllocationReport)[]) report[k] += counted[k]
  }
  return report
}

async function allocateWaiting(ctx: ChangeContext, order: OrderState, today: string, report: AllocationReport): Promise<void> {
  const underWay = order.row.status === 'in_progress' || order.row.status === 'partially_shipped'
  for (const d of order.deliveries) {
    const due = d.row.status === 'awaiting_inventory' || (d.row.status === 'awaiting_date' && d.row.available_from !== null && d.row.available_from <= today)
    if (!due) continue
    const warehouse = await reserveInOneWarehouse(ctx, d)
    if (warehouse) {
      d.row.warehouse_code = warehouse
      moveDelivery(ctx, order, d, underWay ? 'allocated' : 'awaiting_allocation', 'allocate')
      report.allocated++
    } else {
      if (d.row.status === 'awaiting_date') {
        moveDelivery(ctx, order, d, 'awaiting_inventory', 'wait-for-inventory')
        ctx.journal.event('delivery.backordered', order.row.id, order.row.shop_code, { deliveryId: d.row.id, lines: d.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) })
      }
      report.stillWaiting++
    }
  }
}

/** Reserves all of a delivery's lines in the first warehouse (by priority) that has them all. */
async function reserveInOneWarehouse(ctx: ChangeContext, d: DeliveryState): Promise<string | undefined> {
  const levels = await lockStock(ctx.trx, d.lines.map((l) => l.sku))
  const warehouses = [...new Set(levels.map((l) => l.warehouse))]
  // A SKU on two lines of the delivery needs both quantities from the same shelf.
  const wanted = new Map<string, number>()
  for (const l of d.lines) wanted.set(l.sku, (wanted.get(l.sku) ?? 0) + l.quantity)
  const fits = warehouses.find((w) => [...wanted].every(([sku, quantity]) => {
    const level = levels.find((l) => l.warehouse === w && l.sku === sku)
    return level !== undefined && level.onHand - level.reserved >= quantity
  }))
  if (!fits) return undefined
  await changeStock(ctx.trx, d.lines.map((l) => ({ warehouse: fits, sku: l.sku, reserved: l.quantity })))
  return fits
}
