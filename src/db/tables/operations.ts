/** Row types of the tables for two-phase payments and operations (A33). */
import type { ColumnType } from 'kysely'

export interface PaymentAttemptsTable {
  id: string
  order_id: string
  gateway_key: string
  operation: 'AUTH' | 'AUTH_CAPTURE'
  amount: number
  currency: string
  token: string | null
  held: boolean
  request_key: string | null
  state: 'started' | 'recorded'
  result: string | null
  started_at: ColumnType<Date, Date | undefined, Date>
  recorded_at: Date | null
}

export interface OperationsTables {
  payment_attempts: PaymentAttemptsTable
}
