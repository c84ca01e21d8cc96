/** Maps a return's rows to its API shape, with the actions possible now. */
import type { Actor } from '../auth/actor.ts'
import { allowedReturnActions } from './return.machine.ts'
import type { ReturnState } from './return.repo.ts'

export function returnToApi(r: ReturnState, actor?: Actor, orderNumber?: string) {
  const received = r.lines.reduce((s, l) => s + l.received_quantity, 0)
  const may = !actor || actor.permissions.has('returns.manage')
  return {
    id: r.row.id,
    number: r.row.number,
    orderId: r.row.order_id,
    ...(orderNumber !== undefined && { orderNumber }),
    shop: r.row.shop_code,
    status: r.row.status,
    reason: r.row.reason,
    note: r.row.note,
    refunded: r.row.refunded,
    lines: r.lines.map((l) => ({
      lineId: l.order_line_id, sku: l.sku, quantity: l.quantity, received: l.received_quantity,
      restocked: l.restocked_quantity, writtenOff: l.written_off_quantity, warehouse: l.warehouse_code, unitValue: l.unit_value,
    })),
    allowedActions: may ? allowedReturnActions({ status: r.row.status, received }) : [],
    createdBy: r.row.created_by,
    createdAt: r.row.created_at.toISOString(),
    updatedAt: r.row.updated_at.toISOString(),
  }
}
