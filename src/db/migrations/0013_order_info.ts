/**
 * The order page's additional information (A32): the customer's IP address as the storefront
 * saw it, and an index to find an order's export cycles. And a draft's discount codes.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // Text, not inet: it is shown and exported as given, and erasure blanks it with the rest.
  await sql`alter table orders add column customer_ip text`.execute(db)
  // Discount codes a call-centre draft will be placed with (A16), checked when saved.
  await sql`alter table drafts add column discount_codes text[] not null default '{}'`.execute(db)
  // The order page shows where its export cycles stand: only those jobs are indexed by order.
  await sql`create index jobs_export_cycle_order on jobs ((payload->>'orderId'), id) where kind = 'export.cycle'`.execute(db)
}
