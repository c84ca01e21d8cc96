/** Row types of the tables for draft orders, quotes, consultation requests (A16-A19). */
import type { ColumnType, Generated } from 'kysely'
import type { Address } from '../schema.ts'

type Timestamp = Date
type Json<T> = ColumnType<T, string, string>

export type DraftCustomer = { id: string } | { email: string; name: string; phone?: string }
export interface DraftLine { sku: string; quantity: number; unitPrice?: number; overrideReason?: string }
export interface B2bFields { poReference?: string; costCentre?: string; approver?: string }

export interface DraftsTable {
  id: string
  shop_code: string
  status: string
  customer: Json<DraftCustomer | null>
  lines: Json<DraftLine[]>
  billing_address: Json<Address | null>
  shipping_address: Json<Address | null>
  shipping_cost: number
  note: string | null
  source: string
  b2b: Json<B2bFields | null>
  /** Codes the order will be placed with; their uses are counted at placement (0013_order_info). */
  discount_codes: Generated<string[]>
  assignee_id: string | null
  assignee_name: string | null
  hold_until: Timestamp | null
  hand_back_code: string | null
  order_id: string | null
  quote_id: string | null
  consultation_id: string | null
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface DraftReservationsTable { draft_id: string; warehouse_code: string; sku: string; quantity: number }

export interface QuoteLine { sku: string; quantity: number; unitPrice?: number }
export interface QuoteCustomer { id?: string; email: string; name: string; phone?: string; company?: string }

export interface QuotesTable {
  id: string
  number: string
  shop_code: string
  status: string
  customer: Json<QuoteCustomer>
  lines: Json<QuoteLine[]>
  message: string | null
  po_reference: string | null
  cost_centre: string | null
  valid_until: ColumnType<string | null, string | null, string | null>
  order_id: string | null
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface ConsultationContact { name: string; email: string; phone?: string }

export interface ConsultationsTable {
  id: string
  shop_code: string
  status: string
  contact: Json<ConsultationContact>
  message: string
  products: string[]
  preferred_time: string | null
  assignee_id: string | null
  assignee_name: string | null
  draft_id: string | null
  created_at: Generated<Timestamp>
  updated_at: Generated<Timestamp>
}

export interface DeskHistoryTable {
  id: Generated<string>
  subject_kind: 'draft' | 'quote' | 'consultation'
  subject_id: string
  type: string
  action: string | null
  from_status: string | null
  to_status: string | null
  note: string | null
  actor_kind: string
  actor_id: string
  actor_name: string
  at: Generated<Timestamp>
}

export interface OrderB2bTable {
  order_id: string
  po_reference: string | null
  cost_centre: string | null
  approver: string | null
  quote_id: string | null
}

export interface DraftTables {
  drafts: DraftsTable
  draft_reservations: DraftReservationsTable
  quotes: QuotesTable
  consultations: ConsultationsTable
  desk_history: DeskHistoryTable
  order_b2b: OrderB2bTable
}
