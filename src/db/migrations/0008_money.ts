/** Tables and columns for tax classes and rates, discount codes, shop legal and bank settings, documents, dunning (A1, A2, A15, A26). */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // A product's tax class; the rate comes from the shop's table for the destination country.
  await sql`alter table products add column tax_class text not null default 'standard'`.execute(db)
  // The part of the order's discount carried by each line (the tax is computed after it).
  await sql`alter table order_lines add column discount bigint not null default 0`.execute(db)

  await sql`
    create table tax_rates (
      shop_code text not null references shops (code),
      -- ISO country of the destination, or '*' for every other country.
      country text not null check (country = '*' or country ~ '^[A-Z]{2}$'),
      tax_class text not null,
      rate_bp integer not null check (rate_bp between 0 and 10000),
      primary key (shop_code, country, tax_class)
    )`.execute(db)

  await sql`
    create table shop_profiles (
      shop_code text primary key references shops (code),
      legal_name text,
      address jsonb,
      vat_id text,
      iban text,
      bic text,
      email text,
      logo text,
      locale text not null default 'de-CH',
      time_zone text not null default 'Europe/Zurich',
      payment_terms_days integer not null default 30 check (payment_terms_days between 0 and 365),
      invoice_at text not null default 'placement' check (invoice_at in ('placement', 'payment', 'shipment')),
      credit_note_prefix text not null default 'CN-',
      next_credit_note_number bigint not null default 1,
      reminder1_days integer not null default 7 check (reminder1_days between 0 and 365),
      reminder2_days integer not null default 14 check (reminder2_days between 0 and 365),
      reminder_fee bigint not null default 0 check (reminder_fee between 0 and 100000000),
      updated_at timestamptz not null default now()
    )`.execute(db)

  await sql`
    create table discounts (
      id uuid primary key,
      shop_code text not null references shops (code),
      code text not null,
      kind text not null check (kind in ('percent', 'amount', 'free_shipping')),
      value bigint not null default 0 check (value >= 0),
      min_total bigint check (min_total >= 0),
      valid_from timestamptz,
      valid_to timestamptz,
      usage_limit integer check (usage_limit >= 0),
      per_customer_limit integer check (per_customer_limit >= 0),
      used_count integer not null default 0,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create unique index discounts_shop_code on discounts (shop_code, upper(code))`.execute(db)

  await sql`
    create table order_discounts (
      order_id uuid not null references orders (id),
      discount_id uuid not null references discounts (id),
      code text not null,
      customer_id uuid not null,
      amount bigint not null,
      released boolean not null default false,
      created_at timestamptz not null default now(),
      primary key (order_id, discount_id)
    )`.execute(db)
  await sql`create index order_discounts_customer on order_discounts (discount_id, customer_id)`.execute(db)

  await sql`
    create table documents (
      id uuid primary key,
      shop_code text not null references shops (code),
      order_id uuid not null references orders (id),
      delivery_id uuid,
      kind text not null check (kind in ('invoice', 'credit_note', 'packing_slip', 'reminder')),
      number text not null,
      currency char(3) not null,
      total bigint not null default 0,
      tax bigint not null default 0,
      data jsonb not null,
      pdf bytea not null,
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`create unique index documents_number on documents (shop_code, kind, number)`.execute(db)
  await sql`create index documents_order on documents (order_id, created_at)`.execute(db)

  await sql`
    create table order_dunning (
      order_id uuid primary key references orders (id),
      shop_code text not null,
      due_date date not null,
      level integer not null default 0 check (level between 0 and 2),
      fees bigint not null default 0,
      last_reminded_at timestamptz,
      cleared_at timestamptz
    )`.execute(db)
  await sql`create index order_dunning_open on order_dunning (due_date) where cleared_at is null`.execute(db)
}
