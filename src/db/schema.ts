/** Row types of every table, as Kysely sees them. Rows are snake_case; API objects are camelCase. */
import type { ColumnType, Generated } from 'kysely'
import type { SecurityTables } from './tables/security.ts'
import type { AfterSalesTables } from './tables/after-sales.ts'
import type { MoneyTables } from './tables/money.ts'
import type { DraftTables } from './tables/drafts.ts'
import type { VoucherTables } from './tables/vouchers.ts'
import type { CustomerTables } from './tables/customers.ts'
import type { OperationsTables } from './tables/operations.ts'

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

export interface JobsTable {
  id: Generated<number>
  kind: string
  payload: Json<Record<string, unknown>>
  state: Generated<'queued' | 'running' | 'done' | 'failed' | 'cancelled'>
  attempts: Generated<number>
  max_attempts: Generated<number>
  run_at: Generated<Timestamp>
  locked_by: string | null
  locked_until: Timestamp | null
  last_error: string | null
  progress: Json<Record<string, unknown>> | null
  result: Json<Record<string, unknown>> | null
  unique_key: string | null
  /** The shops the job concerns; empty for every shop (system jobs, unlimited staff). */
  shops: Generated<string[]>
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
  finished_at: Timestamp | null
}

export interface MailTemplatesTable {
  shop_code: string
  event: string
  recipient: string
  subject: string
  text_body: string
  html_body: string
  updated_at: Generated<Timestamp>
}

export interface MailRulesTable {
  shop_code: string
  event: string
  recipient: string
  enabled: Generated<boolean>
  addresses: Generated<string[]>
  updated_at: Generated<Timestamp>
}

export interface MailMessagesTable {
  id: Generated<number>
  shop_code: string | null
  order_id: string | null
  event_id: number | null
  event: string
  recipient: string
  to_addresses: string[]
  subject: string
  text_body: string
  html_body: string
  transport: 'outbox' | 'smtp'
  message_id: string | null
  created_at: Generated<Timestamp>
}

export interface WebhookSubscriptionsTable {
  id: string
  shop_code: string
  url: string
  events: string[]
  secret: string
  active: Generated<boolean>
  failure_streak: Generated<number>
  disabled_reason: string | null
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface WebhookDeliveriesTable {
  id: string
  subscription_id: string
  event_id: number | null
  event_type: string
  payload: Json<Record<string, unknown>>
  status: Generated<'pending' | 'succeeded' | 'failed'>
  attempts: Generated<number>
  response_status: number | null
  duration_ms: number | null
  last_error: string | null
  created_at: Generated<Timestamp>
  finished_at: Timestamp | null
}

export interface WebhookAttemptsTable {
  id: Generated<number>
  delivery_id: string
  at: Generated<Timestamp>
  response_status: number | null
  duration_ms: number
  error: string | null
}

export interface ExportersTable {
  id: string
  shop_code: string
  name: string
  export_state: string
  kind: 'file' | 'http'
  format: 'csv' | 'xml' | 'json'
  target: string
  next_state: string | null
  position: Generated<number>
  active: Generated<boolean>
  created_at: Generated<Timestamp>
}

export interface OrderExportBlocksTable {
  order_id: string
  note: string | null
  blocked_at: Generated<Timestamp>
}

// Each later area keeps its tables in its own file under tables/, so areas grow apart.
export interface DB
  extends SecurityTables,
    AfterSalesTables,
    MoneyTables,
    DraftTables,
    VoucherTables,
    CustomerTables,
    OperationsTables {
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
  jobs: JobsTable
  mail_templates: MailTemplatesTable
  mail_rules: MailRulesTable
  mail_messages: MailMessagesTable
  webhook_subscriptions: WebhookSubscriptionsTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_attempts: WebhookAttemptsTable
  exporters: ExportersTable
  order_export_blocks: OrderExportBlocksTable
}
