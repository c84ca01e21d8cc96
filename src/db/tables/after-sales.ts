/** Row types of the tables for returns, refunds, order edits (A7-A10). */
import type { Generated } from 'kysely'

export interface ReturnsTable {
  id: string
  order_id: string
  shop_code: string
  /** The RMA number the customer quotes: the order number and a running letter count, e.g. 1042-R1. */
  number: string
  status: string
  reason: string
  note: string | null
  refunded: Generated<number>
  created_by: string
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface ReturnLinesTable {
  return_id: string
  order_line_id: string
  sku: string
  quantity: number
  received_quantity: Generated<number>
  restocked_quantity: Generated<number>
  written_off_quantity: Generated<number>
  warehouse_code: string | null
  /** What one unit is worth to the customer, tax included, as the order charged it. */
  unit_value: number
}

export interface AfterSalesTables {
  returns: ReturnsTable
  return_lines: ReturnLinesTable
}
