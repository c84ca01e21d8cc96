/** Row types of the tables for customers, search and analytics (A12, A13, A27, A28). */
import type { Generated } from 'kysely'

interface ActorColumns { actor_kind: string; actor_id: string; actor_name: string }

export interface CustomerTagsTable { customer_id: string; tag: string }

export interface CustomerNotesTable extends ActorColumns {
  id: string
  customer_id: string
  text: string
  at: Generated<Date>
}

export interface CustomerHistoryTable extends ActorColumns {
  id: Generated<number>
  customer_id: string
  /** flag | edit | merge | erase | tag */
  type: string
  field: string | null
  from_value: string | null
  to_value: string | null
  reason: string | null
  at: Generated<Date>
}

export interface CustomerMergesTable extends ActorColumns {
  merged_id: string
  survivor_id: string
  merged_email: string
  orders_moved: number
  at: Generated<Date>
}

export interface CustomerErasuresTable extends ActorColumns {
  customer_id: string
  orders_anonymised: number
  at: Generated<Date>
}

export interface AnalyticsDaysTable {
  shop_code: string; day: string; currency: string
  orders: number; revenue: number; cancelled: number; returned: number
}
export interface AnalyticsProductDaysTable {
  shop_code: string; day: string; currency: string; sku: string; name: string
  orders: number; quantity: number; revenue: number
}
export interface AnalyticsRegionDaysTable {
  shop_code: string; day: string; currency: string; country: string; region: string
  orders: number; revenue: number
}
export interface AnalyticsShipmentHoursTable { shop_code: string; day: string; hours: number; orders: number }
export interface AnalyticsCustomerMonthsTable {
  shop_code: string; currency: string; month: string; customer_id: string
  orders: number; revenue: number
}
/** customer_months_to: the first month not in analytics_customer_months (the shop's current month once refreshed). */
export interface AnalyticsStateTable { shop_code: string; time_zone: string; refreshed_to: Date; customer_months_to: Generated<string | null> }

/** Every distinct (customer, e-mail, name) that orders carry, kept by triggers on orders (migration 0014). */
export interface OrderCustomerNamesTable { customer_id: string; email: string; name: string; search: Generated<string> }

export interface CustomerTables {
  customer_tags: CustomerTagsTable
  customer_notes: CustomerNotesTable
  customer_history: CustomerHistoryTable
  customer_merges: CustomerMergesTable
  customer_erasures: CustomerErasuresTable
  analytics_days: AnalyticsDaysTable
  analytics_product_days: AnalyticsProductDaysTable
  analytics_region_days: AnalyticsRegionDaysTable
  analytics_shipment_hours: AnalyticsShipmentHoursTable
  analytics_state: AnalyticsStateTable
  analytics_customer_months: AnalyticsCustomerMonthsTable
  order_customer_names: OrderCustomerNamesTable
}
