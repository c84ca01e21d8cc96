/** Row types of the tables for tax classes and rates, discount codes, shop legal and bank settings, documents, dunning (A1, A2, A15, A26). */
import type { ColumnType, Generated } from 'kysely'
import type { Address } from '../schema.ts'

type Json<T> = ColumnType<T, string, string>

export interface TaxRatesTable {
  shop_code: string
  country: string
  tax_class: string
  rate_bp: number
}

export interface ShopProfilesTable {
  shop_code: string
  legal_name: string | null
  address: ColumnType<Address | null, string | null, string | null>
  vat_id: string | null
  iban: string | null
  bic: string | null
  email: string | null
  logo: string | null
  locale: Generated<string>
  time_zone: Generated<string>
  payment_terms_days: Generated<number>
  invoice_at: Generated<'placement' | 'payment' | 'shipment'>
  credit_note_prefix: Generated<string>
  next_credit_note_number: Generated<number>
  reminder1_days: Generated<number>
  reminder2_days: Generated<number>
  reminder_fee: Generated<number>
  updated_at: Generated<Date>
}

export interface DiscountsTable {
  id: string
  shop_code: string
  code: string
  kind: 'percent' | 'amount' | 'free_shipping'
  value: Generated<number>
  min_total: number | null
  valid_from: Date | null
  valid_to: Date | null
  usage_limit: number | null
  per_customer_limit: number | null
  used_count: Generated<number>
  active: Generated<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface OrderDiscountsTable {
  order_id: string
  discount_id: string
  code: string
  customer_id: string
  amount: number
  released: Generated<boolean>
  created_at: Generated<Date>
}

export interface DocumentsTable {
  id: string
  shop_code: string
  order_id: string
  delivery_id: string | null
  kind: 'invoice' | 'credit_note' | 'packing_slip' | 'reminder'
  number: string
  currency: string
  total: Generated<number>
  tax: Generated<number>
  data: Json<Record<string, unknown>>
  /** Rendered from `data` after the issuing change commits; null until then. */
  pdf: Buffer | null
  created_at: Generated<Date>
}

export interface OrderDunningTable {
  order_id: string
  shop_code: string
  due_date: ColumnType<string, string, string>
  level: Generated<number>
  fees: Generated<number>
  last_reminded_at: Date | null
  cleared_at: Date | null
}

export interface MoneyTables {
  tax_rates: TaxRatesTable
  shop_profiles: ShopProfilesTable
  discounts: DiscountsTable
  order_discounts: OrderDiscountsTable
  documents: DocumentsTable
  order_dunning: OrderDunningTable
}
