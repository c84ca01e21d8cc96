/**
 * Splits an order's lines into deliveries by how they are fulfilled (pure; no I/O):
 *   electronic lines            -> one electronic delivery, no stock
 *   lines not yet released      -> a pre-order delivery per release date, stock taken later
 *   physical lines in stock     -> a standard delivery per warehouse, stock reserved now;
 *                                  one warehouse serves the whole order where it can
 *   the rest                    -> a back-order delivery if the product allows, else out of stock
 */
import type { DeliveryKind } from '../orders/delivery.machine.ts'
import type { StockLevel } from './stock.repo.ts'

export interface PlanLine {
  index: number
  sku: string
  quantity: number
  kind: 'physical' | 'electronic' | 'voucher' | 'licence'
  backorder: boolean
  availableFrom: string | null
}

export interface PlannedDelivery {
  kind: DeliveryKind
  warehouse: string | null
  availableFrom: string | null
  parts: { index: number; sku: string; quantity: number }[]
}

export type Plan = { ok: true; deliveries: PlannedDelivery[] } | { ok: false; short: { sku: string; requested: number; available: number }[] }

const available = (l: StockLevel) => l.onHand - l.reserved

export function planDeliveries(lines: PlanLine[], levels: StockLevel[], today: string): Plan {
  const electronic = lines.filter((l) => l.kind !== 'physical')
  const preorder = lines.filter((l) => l.kind === 'physical' && l.availableFrom !== null && l.availableFrom > today)
  const stocked = lines.filter((l) => l.kind === 'physical' && !(l.availableFrom !== null && l.availableFrom > today))

  const deliveries: PlannedDelivery[] = []
  const fromStock = reserveFromStock(stocked, levels)
  deliveries.push(...fromStock.deliveries)

  const short = fromStock.remaining.filter((r) => !r.line.backorder)
  if (short.length > 0) {
    return {
      ok: false,
      short: short.map((r) => ({ sku: r.line.sku, requested: r.line.quantity, available: r.line.quantity - r.quantity })),
    }
  }
  if (fromStock.remaining.length > 0) {
    deliveries.push({
      kind: 'backorder', warehouse: null, availableFrom: null,
      parts: fromStock.remaining.map((r) => ({ index: r.line.index, sku: r.line.sku, quantity: r.quantity })),
    })
  }
  for (const date of [...new Set(preorder.map((l) => l.availableFrom!))].sort()) {
    deliveries.push({ kind: 'preorder', warehouse: null, availableFrom: date, parts: partsOf(preorder.filter((l) => l.availableFrom === date)) })
  }
  if (electronic.length > 0) deliveries.push({ kind: 'electronic', warehouse: null, availableFrom: null, parts: partsOf(electronic) })
  return { ok: true, deliveries }
}

const partsOf = (lines: PlanLine[]) => lines.map((l) => ({ index: l.index, sku: l.sku, quantity: l.quantity }))

function reserveFromStock(lines: PlanLine[], levels: StockLevel[]) {
  const left = new Map(levels.map((l) => [`${l.warehouse}\u0000${l.sku}`, available(l)]))
  const key = (warehouse: string, sku: string) => `${warehouse}\u0000${sku}`
  const warehouses = [...new Set(levels.map((l) => l.warehouse))]

  // One warehouse that can serve every line makes one parcel.
  const whole = warehouses.find((w) => fitsAll(lines, (sku) => left.get(key(w, sku)) ?? 0))
  const byWarehouse = new Map<string, PlannedDelivery>()
  const take = (warehouse: string, line: PlanLine, quantity: number) => {
    const delivery = byWarehouse.get(warehouse) ?? { kind: 'standard' as const, warehouse, availableFrom: null, parts: [] }
    delivery.parts.push({ index: line.index, sku: line.sku, quantity })
    byWarehouse.set(warehouse, delivery)
    left.set(key(warehouse, line.sku), (left.get(key(warehouse, line.sku)) ?? 0) - quantity)
  }

  const remaining: { line: PlanLine; quantity: number }[] = []
  for (const line of lines) {
    let needed = line.quantity
    for (const w of whole ? [whole] : warehouses) {
      const quantity = Math.min(needed, left.get(key(w, line.sku)) ?? 0)
      if (quantity > 0) { take(w, line, quantity); needed -= quantity }
      if (needed === 0) break
    }
    if (needed > 0) remaining.push({ line, quantity: needed })
  }
  return { deliveries: [...byWarehouse.values()], remaining }
}

/** Whether one warehouse has enough for all lines, counting a SKU ordered on two lines twice. */
function fitsAll(lines: PlanLine[], availableOf: (sku: string) => number): boolean {
  const wanted = new Map<string, number>()
  for (const l of lines) wanted.set(l.sku, (wanted.get(l.sku) ?? 0) + l.quantity)
  return [...wanted].every(([sku, q]) => availableOf(sku) >= q)
}
