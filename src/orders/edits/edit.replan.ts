/**
 * Re-plans the deliveries not yet packed after an edit: units taken away leave them
 * (back-orders and pre-orders first, then reserved stock, which is released); units
 * added are reserved where stock is free (the stock rows are locked first, so two edits
 * or an edit and a new order cannot both take the last unit), else back-ordered where
 * the article allows, else refused as out of stock. Works on the order in memory and
 * returns the stock changes; the edit service writes them.
 */
import { DomainError } from '../../http/errors.ts'
import { lockStock, type StockChange, type StockLevel } from '../../inventory/stock.repo.ts'
import type { ChangeContext } from '../order-change.ts'
import { holdsReservation, initialDeliveryStatus, type DeliveryKind } from '../delivery.machine.ts'
import type { DeliveryState, OrderState } from '../order.repo.ts'
import { uuidv7 } from '../../shared/ids.ts'
import { editableDelivery, type WorkCopy } from './edit.changes.ts'

export interface Product { sku: string; kind: 'physical' | 'electronic'; backorder: boolean; available_from: string | null }

/** Which deliveries give up units first: those holding no stock. */
const releaseOrder: Record<DeliveryKind, number> = { backorder: 0, preorder: 1, electronic: 2, standard: 3 }
const underWay = (o: OrderState) => o.row.status === 'in_progress' || o.row.status === 'partially_shipped'

export interface Replan { stock: StockChange[]; created: DeliveryState[] }

export async function replan(ctx: ChangeContext, order: OrderState, w: WorkCopy, lineIds: string[], products: Map<string, Product>): Promise<Replan> {
  const stock: StockChange[] = []
  const created: DeliveryState[] = []
  const editable = () => order.deliveries.filter((d) => editableDelivery(d.row.status))
  // Taking away first, so units freed on one line can serve another.
  w.lines.forEach((l, i) => {
    let left = l.before - l.after
    if (left <= 0) return
    const sources = editable().sort((a, b) => releaseOrder[a.row.kind] - releaseOrder[b.row.kind])
    for (const d of sources) {
      const dl = d.lines.find((x) => x.order_line_id === lineIds[i])
      if (!dl || left === 0) continue
      const take = Math.min(left, dl.quantity)
      dl.quantity -= take
      left -= take
      d.changed = true
      if (holdsReservation.has(d.row.status) && d.row.warehouse_code) stock.push({ warehouse: d.row.warehouse_code, sku: dl.sku, reserved: -take })
    }
  })
  const growing = w.lines.map((l, i) => ({ l, i, more: l.after - l.before })).filter((x) => x.more > 0)
  // Every stock row the edit touches is locked now, in one order, so concurrent changes queue instead of deadlocking.
  const touched = w.lines.filter((l) => l.after !== l.before && products.get(l.sku)!.kind === 'physical').map((l) => l.sku)
  const levels = await lockStock(ctx.trx, touched)
  const free = new Map(levels.map((s) => [`${s.warehouse}\u0000${s.sku}`, s.onHand - s.reserved]))
  for (const s of stock) free.set(`${s.warehouse}\u0000${s.sku}`, (free.get(`${s.warehouse}\u0000${s.sku}`) ?? 0) - (s.reserved ?? 0))
  const short: { sku: string; requested: number; available: number }[] = []
  const today = new Date().toISOString().slice(0, 10)

  const deliveryFor = (kind: DeliveryKind, warehouse: string | null, availableFrom: string | null): DeliveryState => {
    const found = editable().find((d) => d.row.kind === kind && d.row.warehouse_code === warehouse && (kind !== 'preorder' || d.row.available_from === availableFrom))
    if (found) return found
    const now = new Date()
    const status = kind === 'standard' && underWay(order) ? 'allocated' : initialDeliveryStatus[kind]
    const d: DeliveryState = {
      changed: true, lines: [],
      row: {
        id: uuidv7(), order_id: order.row.id, number: `${order.row.number}-${order.deliveries.length + 1}`, kind, status,
        warehouse_code: warehouse, available_from: availableFrom, amount: 0, carrier: null, tracking_number: null,
        awaiting_payment: false, shipped_at: null, delivered_at: null, created_at: now, updated_at: now,
      },
    }
    order.deliveries.push(d)
    created.push(d)
    return d
  }
  const put = (d: DeliveryState, lineId: string, sku: string, quantity: number) => {
    const dl = d.lines.find((x) => x.order_line_id === lineId)
    if (dl) dl.quantity += quantity; else d.lines.push({ delivery_id: d.row.id, order_line_id: lineId, sku, quantity })
    d.changed = true
  }

  for (const { l, i, more } of growing) {
    const p = products.get(l.sku)!
    if (p.kind === 'electronic') { put(deliveryFor('electronic', null, null), lineIds[i], l.sku, more); continue }
    if (p.available_from && p.available_from > today) { put(deliveryFor('preorder', null, p.available_from), lineIds[i], l.sku, more); continue }
    let left = more
    for (const warehouse of warehousesFor(order, levels, l.sku)) {
      const key = `${warehouse}\u0000${l.sku}`
      const take = Math.min(left, free.get(key) ?? 0)
      if (take <= 0) continue
      put(deliveryFor('standard', warehouse, null), lineIds[i], l.sku, take)
      free.set(key, (free.get(key) ?? 0) - take)
      stock.push({ warehouse, sku: l.sku, reserved: take })
      left -= take
      if (left === 0) break
    }
    if (left > 0 && p.backorder) put(deliveryFor('backorder', null, null), lineIds[i], l.sku, left)
    else if (left > 0) short.push({ sku: l.sku, requested: more, available: more - left })
  }
  if (short.length) {
    throw new DomainError('out_of_stock', `Not enough stock: ${short.map((s) => `${s.sku} (${s.available} of ${s.requested})`).join(', ')}`, { short })
  }
  return { stock, created }
}

/** The warehouses that already serve the order first (one parcel where possible), then the rest by priority. */
function warehousesFor(order: OrderState, levels: StockLevel[], sku: string): string[] {
  const serving = order.deliveries.filter((d) => d.row.kind === 'standard' && editableDelivery(d.row.status)).map((d) => d.row.warehouse_code!)
  const all = levels.filter((s) => s.sku === sku).map((s) => s.warehouse)
  return [...new Set([...serving.filter((w) => all.includes(w)), ...all])]
}

/** Moves the named units of a delivery into a new one of the same kind, warehouse and state; stock stays reserved. */
export function splitDelivery(order: OrderState, split: { deliveryId: string; lines: { lineId: string; quantity: number }[] }): DeliveryState {
  const from = order.deliveries.find((d) => d.row.id === split.deliveryId)
  if (!from) throw new DomainError('delivery_not_found', `Order ${order.row.number} has no delivery ${split.deliveryId}`)
  if (!editableDelivery(from.row.status)) throw new DomainError('edit_not_allowed', `Delivery ${from.row.number} is ${from.row.status}: only deliveries not yet packed can be split`)
  const now = new Date()
  const to: DeliveryState = {
    changed: true, lines: [],
    row: { ...from.row, id: uuidv7(), number: `${order.row.number}-${order.deliveries.length + 1}`, amount: 0, created_at: now, updated_at: now },
  }
  for (const s of split.lines) {
    const dl = from.lines.find((l) => l.order_line_id === s.lineId)
    if (!dl || dl.quantity < s.quantity) {
      throw new DomainError('validation_failed', `Delivery ${from.row.number} carries only ${dl?.quantity ?? 0} of line ${s.lineId}`, { errors: [{ path: 'lines', message: 'more than the delivery carries' }] })
    }
    dl.quantity -= s.quantity
    to.lines.push({ delivery_id: to.row.id, order_line_id: s.lineId, sku: dl.sku, quantity: s.quantity })
  }
  if (from.lines.every((l) => l.quantity === 0)) throw new DomainError('edit_not_allowed', 'A split must leave something in the delivery')
  from.changed = true
  order.deliveries.push(to)
  return to
}
