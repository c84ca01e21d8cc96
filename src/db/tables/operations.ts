/** Row types of the tables for two-phase payments and operations (A33). */
import type { ColumnType } from 'kysely'

export interface PaymentAttemptsTable {
  id: string
  order_id: string
  gateway_key: string
  /** AUTH and AUTH_CAPTURE at placement (two-phase.ts); the others for a change (gateway-outside.ts). */
  operation: 'AUTH' | 'AUTH_CAPTURE' | 'CAPTURE' | 'VOID' | 'REFUND'
  amount: number
  currency: string
  token: string | null
  held: boolean
  request_key: string | null
  state: 'started' | 'recorded'
  result: string | null
  started_at: ColumnType<Date, Date | undefined, Date>
  recorded_at: Date | null
  /** The gateway's reference of the authorisation a capture, void or refund acts on. */
  authorization_ref: ColumnType<string | null, string | null | undefined, string | null>
  delivery_id: ColumnType<string | null, string | null | undefined, string | null>
  /** The change's reason, kept for recording the answer. */
  message: ColumnType<string | null, string | null | undefined, string | null>
}

export interface OperationsTables {
  payment_attempts: PaymentAttemptsTable
}
