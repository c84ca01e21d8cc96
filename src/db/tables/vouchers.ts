/** Row types of the tables for vouchers and licence keys (A20, A21). */
import type { Generated } from 'kysely'

type Timestamp = Date

export interface ProductIssueSettingsTable {
  sku: string
  voucher_validity_months: Generated<number>
  voucher_layout: Generated<string>
  voucher_min_value: number | null
  voucher_max_value: number | null
  licence_key_format: Generated<string>
  licence_activation_limit: Generated<number>
  licence_validity_days: number | null
  updated_at: Generated<Timestamp>
}

export interface VoucherLayoutsTable {
  shop_code: string
  accent_color: Generated<string>
  background_color: Generated<string>
  title: Generated<string>
  footer: Generated<string>
  updated_at: Generated<Timestamp>
}

export type VoucherStatus = 'active' | 'redeemed' | 'expired' | 'voided'

export interface VouchersTable {
  id: string
  code: string
  shop_code: string
  currency: string
  value: number
  balance: number
  status: VoucherStatus
  expires_at: Timestamp | null
  order_id: string | null
  order_line_id: string | null
  recipient: string | null
  message: string | null
  notes: string | null
  layout: Generated<string>
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface VoucherHistoryTable {
  id: Generated<number>
  voucher_id: string
  type: string
  amount: number | null
  balance: number
  reference: string | null
  order_id: string | null
  note: string | null
  actor_kind: string
  actor_id: string
  actor_name: string
  at: Generated<Timestamp>
}

export interface LicencesTable {
  id: string
  key: string
  sku: string
  shop_code: string
  order_id: string | null
  order_line_id: string | null
  delivery_id: string | null
  status: 'active' | 'revoked'
  source: 'generated' | 'pool'
  activation_limit: number
  expires_at: Timestamp | null
  customer_email: string | null
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface LicenceActivationsTable {
  id: string
  licence_id: string
  machine: string
  activated_at: Generated<Timestamp>
  deactivated_at: Timestamp | null
}

export interface LicencePoolTable {
  key: string
  sku: string
  imported_at: Generated<Timestamp>
  taken_at: Timestamp | null
}

export interface LicenceHistoryTable {
  id: Generated<number>
  licence_id: string
  type: string
  note: string | null
  actor_kind: string
  actor_id: string
  actor_name: string
  at: Generated<Timestamp>
}

export interface VoucherTables {
  product_issue_settings: ProductIssueSettingsTable
  voucher_layouts: VoucherLayoutsTable
  vouchers: VouchersTable
  voucher_history: VoucherHistoryTable
  licences: LicencesTable
  licence_activations: LicenceActivationsTable
  licence_pool: LicencePoolTable
  licence_history: LicenceHistoryTable
}
