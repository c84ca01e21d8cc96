/**
 * The changes an order edit (A10) can make, applied one after another to a working copy
 * of the order's lines and header. Nothing is written here: the working copy is then
 * re-planned (stock, deliveries) and priced by the edit service.
 */
import type { Address } from '../../db/schema.ts'
import { DomainError } from '../../http/errors.ts'
import { invalid } from '../../returns/outcome.ts'
import type { OrderLineRow, OrderState } from '../order.repo.ts'

export type EditChange =
  | { type: 'set_address'; which: 'billing' | 'shipping'; address: Address }
  | { type: 'set_customer_contact'; email?: string; name?: string; phone?: string }
  | { type: 'set_quantity'; lineId: string; quantity: number }
  | { type: 'add_line'; sku: string; quantity: number }
  | { type: 'remove_line'; lineId: string }
  | { type: 'substitute_line'; lineId: string; sku: string }
  | { type: 'split_delivery'; deliveryId: string; lines: { lineId: string; quantity: number }[] }

/** A delivery whose lines may still change: nothing of it has been packed. */
const editable = new Set(['awaiting_allocation', 'allocated', 'awaiting_date', 'awaiting_inventory'])
export const editableDelivery = (status: string) => editable.has(status)

export interface WorkLine {
  /** The existing line, or undefined for one the edit adds. */
  line?: OrderLineRow
  sku: string
  /** Units still ordered (not cancelled), before the edit. */
  before: number
  /** Units still ordered after the edit. */
  after: number
  /** Units in deliveries already packed, shipped or delivered: the edit cannot take them away. */
  locked: number
}

export interface WorkCopy {
  lines: WorkLine[]
  billing?: Address
  shipping?: Address
  email?: string
  name?: string
  phone?: string
  splits: Extract<EditChange, { type: 'split_delivery' }>[]
  /** One line per change, for the history entry. */
  said: string[]
}

export function workCopyOf(order: OrderState): WorkCopy {
  const lines = order.lines.map((line) => {
    const locked = order.deliveries
      .filter((d) => d.row.status !== 'cancelled' && !editableDelivery(d.row.status))
      .flatMap((d) => d.lines).filter((l) => l.order_line_id === line.id).reduce((s, l) => s + l.quantity, 0)
    const units = line.quantity - line.cancelled_quantity
    return { line, sku: line.sku, before: units, after: units, locked }
  })
  return { lines, splits: [], said: [] }
}

const lineOf = (w: WorkCopy, order: OrderState, lineId: string, path: string) => {
  const found = w.lines.find((l) => l.line?.id === lineId)
  if (!found) throw invalid(path, `order ${order.row.number} has no line ${lineId}`)
  return found
}

const tooLate = (l: WorkLine, what: string) =>
  new DomainError('edit_not_allowed', `${l.locked} of ${l.sku} are already packed or shipped: ${what}`, { sku: l.sku, locked: l.locked })

/** Applies the changes in order to the working copy; throws on the first that cannot be made. */
export function applyChanges(order: OrderState, changes: EditChange[]): WorkCopy {
  const w = workCopyOf(order)
  changes.forEach((c, i) => {
    const path = `changes/${i}`
    switch (c.type) {
      case 'set_address':
        if (c.which === 'billing') w.billing = c.address; else w.shipping = c.address
        w.said.push(`${c.which} address set to ${c.address.name}, ${c.address.street}, ${c.address.postalCode} ${c.address.city}`)
        break
      case 'set_customer_contact':
        if (c.email === undefined && c.name === undefined && c.phone === undefined) throw invalid(path, 'give an e-mail, a name or a phone')
        Object.assign(w, c.email !== undefined && { email: c.email }, c.name !== undefined && { name: c.name }, c.phone !== undefined && { phone: c.phone })
        w.said.push(`contact set to ${[c.name, c.email, c.phone].filter(Boolean).join(', ')}`)
        break
      case 'set_quantity': {
        const l = lineOf(w, order, c.lineId, path)
        if (c.quantity < l.locked) throw tooLate(l, `the quantity cannot go below ${l.locked}`)
        w.said.push(`${l.sku}: ${l.after} → ${c.quantity}`)
        l.after = c.quantity
        break
      }
      case 'add_line':
        w.lines.push({ sku: c.sku, before: 0, after: c.quantity, locked: 0 })
        w.said.push(`added ${c.quantity} × ${c.sku}`)
        break
      case 'remove_line': {
        const l = lineOf(w, order, c.lineId, path)
        if (l.locked > 0) throw tooLate(l, 'the line cannot be removed')
        w.said.push(`removed ${l.after} × ${l.sku}`)
        l.after = 0
        break
      }
      case 'substitute_line': {
        const l = lineOf(w, order, c.lineId, path)
        const open = l.after - l.locked
        if (open <= 0) throw tooLate(l, 'nothing of the line is left to substitute')
        if (c.sku === l.sku) throw invalid(path, 'the substitute is the same article')
        l.after = l.locked
        w.lines.push({ sku: c.sku, before: 0, after: open, locked: 0 })
        w.said.push(`${open} × ${l.sku} substituted by ${c.sku}`)
        break
      }
      case 'split_delivery':
        w.splits.push(c)
        w.said.push(`delivery ${order.deliveries.find((d) => d.row.id === c.deliveryId)?.row.number ?? c.deliveryId} split`)
        break
    }
  })
  const live = w.lines.reduce((s, l) => s + l.after, 0)
  if (live === 0) throw new DomainError('edit_not_allowed', 'The edit leaves nothing on the order: cancel the order instead')
  return w
}
