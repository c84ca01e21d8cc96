/** Row types of the tables for jobs, e-mail, webhooks and exports (issue 5). */
import type { ColumnType, Generated } from 'kysely'

type Timestamp = Date
type Json<T> = ColumnType<T, string, string>

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

export interface JobTables {
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
