/** Security: audit entries and jobs know the shops they concern, so a shop-limited reader sees only those. */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // Empty: the entry concerns every shop (roles, global settings) and only unlimited staff see it.
  await sql`alter table audit_log add column shops text[] not null default '{}'`.execute(db)
  await sql`create index audit_log_shops on audit_log using gin (shops)`.execute(db)
  await sql`alter table jobs add column shops text[] not null default '{}'`.execute(db)
  // An invoice number is issued once per shop, whatever happens to the prefix and start.
  await sql`create unique index orders_shop_invoice_number on orders (shop_code, invoice_number) where invoice_number is not null`.execute(db)
}
