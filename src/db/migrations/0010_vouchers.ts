/** Tables and columns for vouchers and licence keys (A20, A21). */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // Vouchers and licences are products of their own kind, delivered electronically.
  await sql`alter table products drop constraint if exists products_kind_check`.execute(db)
  await sql`alter table products add constraint products_kind_check check (kind in ('physical', 'electronic', 'voucher', 'licence'))`.execute(db)

  // What a voucher or licence product issues; a product without a row takes the defaults.
  await sql`
    create table product_issue_settings (
      sku text primary key references products on delete cascade,
      voucher_validity_months integer not null default 36 check (voucher_validity_months between 1 and 120),
      voucher_layout text not null default 'classic',
      -- Set both to let the customer choose the voucher's value within them (the price is then a default).
      voucher_min_value bigint check (voucher_min_value > 0),
      voucher_max_value bigint check (voucher_max_value <= 100000000),
      licence_key_format text not null default 'XXXXX-XXXXX-XXXXX-XXXXX',
      licence_activation_limit integer not null default 1 check (licence_activation_limit between 1 and 1000),
      licence_validity_days integer check (licence_validity_days between 1 and 36500),
      updated_at timestamptz not null default now()
    )`.execute(db)

  // How a shop's vouchers look when printed: colours, a title and a closing line.
  await sql`
    create table voucher_layouts (
      shop_code text primary key references shops on delete cascade,
      accent_color text not null default '#1f4e79' check (accent_color ~ '^#[0-9a-fA-F]{6}$'),
      background_color text not null default '#f4f7fb' check (background_color ~ '^#[0-9a-fA-F]{6}$'),
      title text not null default 'Gift voucher',
      footer text not null default '',
      updated_at timestamptz not null default now()
    )`.execute(db)

  await sql`
    create table vouchers (
      id uuid primary key,
      code text not null unique,
      shop_code text not null references shops,
      currency char(3) not null,
      value bigint not null check (value > 0 and value <= 100000000),
      -- The database itself refuses a balance below zero, whatever runs at the same moment.
      balance bigint not null check (balance >= 0),
      status text not null check (status in ('active', 'redeemed', 'expired', 'voided')),
      expires_at timestamptz,
      -- Deferred: vouchers are issued while the order that sells them is being placed.
      order_id uuid references orders deferrable initially deferred,
      order_line_id uuid references order_lines deferrable initially deferred,
      recipient text,
      message text,
      notes text,
      layout text not null default 'classic',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint vouchers_balance_within_value check (balance <= value)
    )`.execute(db)
  await sql`create index vouchers_order on vouchers (order_id)`.execute(db)
  await sql`create index vouchers_shop_created on vouchers (shop_code, created_at desc)`.execute(db)
  await sql`create index vouchers_expiring on vouchers (expires_at) where status = 'active'`.execute(db)

  // Every change of a voucher; redemptions are the entries of type 'redemption'.
  await sql`
    create table voucher_history (
      id bigserial primary key,
      voucher_id uuid not null references vouchers on delete cascade,
      type text not null,
      amount bigint,
      balance bigint not null,
      reference text,
      order_id uuid references orders deferrable initially deferred,
      note text,
      actor_kind text not null,
      actor_id text not null,
      actor_name text not null,
      at timestamptz not null default now()
    )`.execute(db)
  await sql`create index voucher_history_voucher on voucher_history (voucher_id, id)`.execute(db)
  await sql`create index voucher_history_order on voucher_history (order_id) where order_id is not null`.execute(db)

  await sql`
    create table licences (
      id uuid primary key,
      key text not null unique,
      sku text not null references products,
      shop_code text not null references shops,
      order_id uuid references orders deferrable initially deferred,
      order_line_id uuid references order_lines deferrable initially deferred,
      delivery_id uuid references deliveries deferrable initially deferred,
      status text not null check (status in ('active', 'revoked')),
      source text not null check (source in ('generated', 'pool')),
      activation_limit integer not null check (activation_limit > 0),
      expires_at timestamptz,
      customer_email text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index licences_order on licences (order_id)`.execute(db)
  await sql`create index licences_shop_created on licences (shop_code, created_at desc)`.execute(db)

  await sql`
    create table licence_activations (
      id uuid primary key,
      licence_id uuid not null references licences on delete cascade,
      machine text not null,
      activated_at timestamptz not null default now(),
      deactivated_at timestamptz
    )`.execute(db)
  await sql`create unique index licence_activations_live on licence_activations (licence_id, machine) where deactivated_at is null`.execute(db)

  await sql`
    create table licence_pool (
      key text primary key,
      sku text not null references products on delete cascade,
      imported_at timestamptz not null default now(),
      taken_at timestamptz
    )`.execute(db)
  await sql`create index licence_pool_free on licence_pool (sku, imported_at) where taken_at is null`.execute(db)

  await sql`
    create table licence_history (
      id bigserial primary key,
      licence_id uuid not null references licences on delete cascade,
      type text not null,
      note text,
      actor_kind text not null,
      actor_id text not null,
      actor_name text not null,
      at timestamptz not null default now()
    )`.execute(db)
  await sql`create index licence_history_licence on licence_history (licence_id, id)`.execute(db)
}
