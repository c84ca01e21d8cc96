/**
 * Tables and columns for customers, search and analytics (A12, A13, A27, A28).
 *
 * Search: staff type part of an order number (`ch-100098`, `100098`), a phone number in
 * any notation, or a whole e-mail address; each has an index that serves it (trigram for
 * "contains", b-tree for the exact e-mail). Customers: tags, notes, and a history of flag
 * changes with their reason. Analytics: daily roll-ups per shop and currency, in the
 * shop's time zone, refreshed from the orders changed since the last refresh.
 */
import { sql, type Kysely } from 'kysely'
import { customerPhoneDigits, numberDigits, orderPhoneDigits } from '../indexed-expressions.ts'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db)
  // Numbers: whole or start (`ch-1000`), digits without the prefix (`100098`, `10009`), or the end (`0098`).
  await sql`create index orders_number_lower on orders (lower(number) text_pattern_ops)`.execute(db)
  await sql`create index orders_number_digits on orders ((${sql.raw(numberDigits('number'))}) text_pattern_ops)`.execute(db)
  await sql`create index orders_number_reversed on orders (reverse(lower(number)) text_pattern_ops)`.execute(db)
  await sql`create index orders_invoice_lower on orders (lower(invoice_number) text_pattern_ops)`.execute(db)
  await sql`create index orders_invoice_digits on orders ((${sql.raw(numberDigits('invoice_number'))}) text_pattern_ops)`.execute(db)
  await sql`create index orders_email_exact on orders (lower(customer_email))`.execute(db)
  await sql`create index orders_phone_trgm on orders using gin ((${sql.raw(orderPhoneDigits)}) gin_trgm_ops)`.execute(db)
  await sql`create index orders_updated on orders (updated_at)`.execute(db)
  await sql`create index products_sku_trgm on products using gin (lower(sku) gin_trgm_ops)`.execute(db)

  await sql`create index customers_name_trgm on customers using gin (lower(name) gin_trgm_ops)`.execute(db)
  await sql`create index customers_email_trgm on customers using gin (lower(email) gin_trgm_ops)`.execute(db)
  await sql`create index customers_phone_trgm on customers using gin ((${sql.raw(customerPhoneDigits)}) gin_trgm_ops)`.execute(db)

  await sql`
    create table customer_tags (
      customer_id uuid not null references customers on delete cascade,
      tag text not null,
      primary key (customer_id, tag)
    )`.execute(db)
  await sql`create index customer_tags_tag on customer_tags (tag)`.execute(db)

  await sql`
    create table customer_notes (
      id uuid primary key,
      customer_id uuid not null references customers on delete cascade,
      text text not null,
      actor_kind text not null,
      actor_id text not null,
      actor_name text not null,
      at timestamptz not null default now()
    )`.execute(db)
  await sql`create index customer_notes_customer on customer_notes (customer_id, at)`.execute(db)

  // Every change of a flag (and every merge and erasure), with who, when and why.
  await sql`
    create table customer_history (
      id bigserial primary key,
      customer_id uuid not null references customers on delete cascade,
      type text not null,
      field text,
      from_value text,
      to_value text,
      reason text,
      actor_kind text not null,
      actor_id text not null,
      actor_name text not null,
      at timestamptz not null default now()
    )`.execute(db)
  await sql`create index customer_history_customer on customer_history (customer_id, id)`.execute(db)

  // A merged duplicate is deleted; its id keeps pointing at the survivor here.
  await sql`
    create table customer_merges (
      merged_id uuid primary key,
      survivor_id uuid not null references customers on delete cascade,
      merged_email text not null,
      orders_moved integer not null,
      actor_kind text not null,
      actor_id text not null,
      actor_name text not null,
      at timestamptz not null default now()
    )`.execute(db)

  await sql`
    create table customer_erasures (
      customer_id uuid primary key references customers on delete cascade,
      orders_anonymised integer not null,
      actor_kind text not null,
      actor_id text not null,
      actor_name text not null,
      at timestamptz not null default now()
    )`.execute(db)

  // Analytics roll-ups: one row per shop, local day (in the shop's time zone) and currency.
  await sql`
    create table analytics_days (
      shop_code text not null,
      day date not null,
      currency char(3) not null,
      orders integer not null,
      revenue bigint not null,
      cancelled integer not null,
      returned integer not null,
      primary key (shop_code, day, currency)
    )`.execute(db)
  await sql`
    create table analytics_product_days (
      shop_code text not null,
      day date not null,
      currency char(3) not null,
      sku text not null,
      name text not null,
      orders integer not null,
      quantity bigint not null,
      revenue bigint not null,
      primary key (shop_code, day, currency, sku)
    )`.execute(db)
  await sql`
    create table analytics_region_days (
      shop_code text not null,
      day date not null,
      currency char(3) not null,
      country text not null,
      region text not null,
      orders integer not null,
      revenue bigint not null,
      primary key (shop_code, day, currency, country, region)
    )`.execute(db)
  // Hours from placement to the first shipment, counted per placement day: median and p90 come from it.
  await sql`
    create table analytics_shipment_hours (
      shop_code text not null,
      day date not null,
      hours integer not null,
      orders integer not null,
      primary key (shop_code, day, hours)
    )`.execute(db)
  // How far the roll-ups have read the orders (by updated_at), and in which time zone per shop.
  await sql`
    create table analytics_state (
      shop_code text primary key,
      time_zone text not null,
      refreshed_to timestamptz not null
    )`.execute(db)
}
