/** Row types of every table, as Kysely sees them. Rows are snake_case; API objects are camelCase. */
import type { ColumnType, Generated } from 'kysely'
import type { SecurityTables } from './tables/security.ts'
import type { AfterSalesTables } from './tables/after-sales.ts'
import type { MoneyTables } from './tables/money.ts'
import type { DraftTables } from './tables/drafts.ts'
import type { VoucherTables } from './tables/vouchers.ts'
import type { CustomerTables } from './tables/customers.ts'
import type { OperationsTables } from './tables/operations.ts'
import type { JobTables } from './tables/jobs.ts'

type Timestamp = Date
type Json<T> = ColumnType<T, string, string>

export interface Address {
  name: string
  company?: string
  street: string
  street2?: string
  postalCode: string
  city: string
  region?: string
  country: string
  phone?: string
}

export interface ShopsTable {
  code: string
  name: string
  currency: string
  prices_include_tax: boolean
  order_number_prefix: Generated<string>
  order_number_start: Generated<number>
  invoice_number_prefix: Generated<string>
  invoice_number_start: Generated<number>
  invoice_numbers_enabled: Generated<boolean>
  next_invoice_number: Generated<number>
  require_approval: Generated<boolean>
  approval_threshold: number | null
  capture_per: Generated<'delivery' | 'order'>
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface ProductsTable {
  sku: string
  name: string
  kind: 'physical' | 'electronic' | 'voucher' | 'licence'
  prices: Json<Record<string, number>>
  tax_rate_bp: number
  /** Money: the tax class that picks the shop's rate for the destination (0008_money). */
  tax_class: Generated<string>
  backorder: Generated<boolean>
  available_from: string | null
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface WarehousesTable {
  code: string
  name: string
  priority: Generated<number>
  created_at: Generated<Timestamp>
}

export interface StockLevelsTable {
  warehouse_code: string
  sku: string
  on_hand: Generated<number>
  reserved: Generated<number>
  updated_at: Generated<Timestamp>
}

export interface CustomersTable {
  id: string
  email: string
  name: string
  phone: string | null
  requires_approval: Generated<boolean>
  blocked: Generated<boolean>
  shops: Generated<string[]>
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface OrdersTable {
  id: string
  shop_code: string
  number: string
  invoice_number: string | null
  status: string
  payment_status: string
  customer_id: string
  customer_email: string
  customer_name: string
  billing_address: Json<Address>
  shipping_address: Json<Address | null>
  address_text: string
  currency: string
  prices_include_tax: boolean
  subtotal: number
  discount: Generated<number>
  shipping: Generated<number>
  tax: number
  total: number
  payment_method: string
  capture_mode: string
  capture_per: string
  authorized: Generated<number>
  captured: Generated<number>
  refunded: Generated<number>
  /** Given back for returns and goodwill (after-sales): lowers what the order still asks for. */
  credited: Generated<number>
  payment_advised: Generated<boolean>
  approval_reasons: Generated<string[]>
  source: Generated<string>
  /** The customer's address as the storefront saw it (0013_order_info). */
  customer_ip: string | null
  idempotency_key: string | null
  version: Generated<number>
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface OrderLinesTable {
  id: string
  order_id: string
  line_no: number
  sku: string
  name: string
  kind: string
  quantity: number
  cancelled_quantity: Generated<number>
  unit_price: number
  tax_rate_bp: number
  amount: number
  /** Money: this line's share of the order's discount; its tax is computed after it (0008_money). */
  discount: Generated<number>
  tax: number
}

export interface DeliveriesTable {
  id: string
  order_id: string
  number: string
  kind: string
  status: string
  warehouse_code: string | null
  available_from: string | null
  amount: number
  carrier: string | null
  tracking_number: string | null
  awaiting_payment: Generated<boolean>
  shipped_at: Timestamp | null
  delivered_at: Timestamp | null
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface DeliveryLinesTable {
  delivery_id: string
  order_line_id: string
  sku: string
  quantity: number
}

export interface PaymentTransactionsTable {
  id: string
  order_id: string
  delivery_id: string | null
  operation: string
  amount: number
  currency: string
  status: string
  reference: string | null
  message: string | null
  actor_kind: string
  actor_id: string
  actor_name: string
  created_at: Generated<Timestamp>
}

export interface OrderHistoryTable {
  id: Generated<number>
  order_id: string
  delivery_id: string | null
  type: string
  action: string | null
  from_status: string | null
  to_status: string | null
  actor_kind: string
  actor_id: string
  actor_name: string
  note: string | null
  client_note: string | null
  at: Generated<Timestamp>
}

export interface EventsTable {
  id: Generated<number>
  type: string
  order_id: string | null
  shop_code: string | null
  payload: Json<Record<string, unknown>>
  created_at: Generated<Timestamp>
  dispatched_at: Timestamp | null
}

export interface IdempotencyKeysTable {
  key: string
  request_hash: string
  status_code: number
  response: Json<unknown>
  created_at: Generated<Timestamp>
}

export interface ApiTokensTable {
  id: string
  name: string
  token_hash: string
  role: Generated<string>
  shops: Generated<string[]>
  created_by: string | null
  created_at: Generated<Timestamp>
  last_used_at: Timestamp | null
  expires_at: Timestamp | null
  revoked_at: Timestamp | null
}

export interface RolesTable {
  code: string
  name: string
  permissions: string[]
  built_in: Generated<boolean>
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface UsersTable {
  id: string
  email: string
  name: string
  password_hash: string
  role: string
  shops: Generated<string[]>
  active: Generated<boolean>
  last_login_at: Timestamp | null
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface SessionsTable {
  id_hash: string
  user_id: string
  csrf_token: string
  created_at: Generated<Timestamp>
  last_seen_at: Generated<Timestamp>
  expires_at: Timestamp
  revoked_at: Timestamp | null
  ip: string | null
  user_agent: string | null
}

export interface LoginFailuresTable {
  id: Generated<number>
  email: string
  ip: string
  at: Generated<Timestamp>
}

export interface AuditLogTable {
  id: Generated<number>
  at: Generated<Timestamp>
  actor_kind: string
  actor_id: string
  actor_name: string
  action: string
  target_type: string
  target_id: string
  changes: Json<Record<string, unknown>>
  /** The shops the entry concerns; empty for every shop. */
  shops: Generated<string[]>
}

// Each later area keeps its tables in its own file under tables/, so areas grow apart.
export interface DB
  extends SecurityTables,
    AfterSalesTables,
    MoneyTables,
    DraftTables,
    VoucherTables,
    CustomerTables,
    OperationsTables,
    JobTables {
  shops: ShopsTable
  products: ProductsTable
  warehouses: WarehousesTable
  stock_levels: StockLevelsTable
  customers: CustomersTable
  orders: OrdersTable
  order_lines: OrderLinesTable
  deliveries: DeliveriesTable
  delivery_lines: DeliveryLinesTable
  payment_transactions: PaymentTransactionsTable
  order_history: OrderHistoryTable
  events: EventsTable
  idempotency_keys: IdempotencyKeysTable
  api_tokens: ApiTokensTable
  roles: RolesTable
  users: UsersTable
  sessions: SessionsTable
  login_failures: LoginFailuresTable
  audit_log: AuditLogTable
}
