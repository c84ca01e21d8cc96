/** The core schema: shops, catalogue, stock, customers, orders and their deliveries, payments and history. */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db)

  await sql`
    create table shops (
      code text primary key,
      name text not null,
      currency char(3) not null,
      prices_include_tax boolean not null,
      order_number_prefix text not null default '',
      order_number_start bigint not null default 1,
      invoice_number_prefix text not null default '',
      invoice_number_start bigint not null default 1,
      invoice_numbers_enabled boolean not null default true,
      -- Invoice numbers are gap-free, so they come from this counter (row-locked), not a sequence.
      next_invoice_number bigint not null default 1,
      require_approval boolean not null default false,
      approval_threshold bigint check (approval_threshold >= 0),
      capture_per text not null default 'delivery' check (capture_per in ('delivery', 'order')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)

  await sql`
    create table products (
      sku text primary key,
      name text not null,
      kind text not null check (kind in ('physical', 'electronic')),
      prices jsonb not null,
      tax_rate_bp integer not null check (tax_rate_bp between 0 and 10000),
      backorder boolean not null default false,
      available_from date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)

  await sql`
    create table warehouses (
      code text primary key,
      name text not null,
      priority integer not null default 0,
      created_at timestamptz not null default now()
    )`.execute(db)

  await sql`
    create table stock_levels (
      warehouse_code text not null references warehouses,
      sku text not null references products,
      on_hand integer not null default 0 check (on_hand >= 0),
      reserved integer not null default 0 check (reserved >= 0),
      updated_at timestamptz not null default now(),
      primary key (sku, warehouse_code),
      -- The database itself refuses oversell: nothing is reserved that is not on hand.
      constraint stock_reserved_within_on_hand check (reserved <= on_hand)
    )`.execute(db)

  await sql`
    create table customers (
      id uuid primary key,
      email text not null,
      name text not null,
      phone text,
      requires_approval boolean not null default false,
      blocked boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create unique index customers_email on customers (lower(email))`.execute(db)

  await sql`
    create table orders (
      id uuid primary key,
      shop_code text not null references shops,
      number text not null,
      invoice_number text,
      status text not null,
      payment_status text not null,
      customer_id uuid not null references customers,
      customer_email text not null,
      customer_name text not null,
      billing_address jsonb not null,
      shipping_address jsonb,
      -- Lower-cased address fields, searched with an '@' query.
      address_text text not null,
      currency char(3) not null,
      prices_include_tax boolean not null,
      subtotal bigint not null,
      discount bigint not null default 0,
      shipping bigint not null default 0,
      tax bigint not null,
      total bigint not null check (total >= 0),
      payment_method text not null,
      capture_mode text not null,
      capture_per text not null,
      authorized bigint not null default 0,
      captured bigint not null default 0,
      refunded bigint not null default 0,
      payment_advised boolean not null default false,
      approval_reasons text[] not null default '{}',
      source text not null default 'api',
      idempotency_key text,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (shop_code, number),
      constraint orders_refund_within_captured check (refunded <= captured)
    )`.execute(db)
  await sql`create index orders_created on orders (created_at desc, id desc)`.execute(db)
  await sql`create index orders_status_created on orders (status, created_at desc, id desc)`.execute(db)
  await sql`create index orders_customer on orders (customer_id, created_at desc)`.execute(db)
  await sql`create index orders_invoice_number on orders (invoice_number)`.execute(db)
  await sql`create index orders_email_trgm on orders using gin (lower(customer_email) gin_trgm_ops)`.execute(db)
  await sql`create index orders_name_trgm on orders using gin (lower(customer_name) gin_trgm_ops)`.execute(db)
  await sql`create index orders_address_trgm on orders using gin (address_text gin_trgm_ops)`.execute(db)

  await sql`
    create table order_lines (
      id uuid primary key,
      order_id uuid not null references orders on delete cascade,
      line_no integer not null,
      sku text not null references products,
      name text not null,
      kind text not null,
      quantity integer not null check (quantity > 0),
      unit_price bigint not null,
      tax_rate_bp integer not null,
      amount bigint not null,
      tax bigint not null,
      unique (order_id, line_no)
    )`.execute(db)
  await sql`create index order_lines_sku on order_lines (sku, order_id)`.execute(db)

  await sql`
    create table deliveries (
      id uuid primary key,
      order_id uuid not null references orders on delete cascade,
      number text not null,
      kind text not null check (kind in ('standard', 'electronic', 'preorder', 'backorder')),
      status text not null,
      warehouse_code text references warehouses,
      available_from date,
      amount bigint not null,
      carrier text,
      tracking_number text,
      -- Set when the capture at shipment failed: the delivery waits for payment.
      awaiting_payment boolean not null default false,
      shipped_at timestamptz,
      delivered_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index deliveries_order on deliveries (order_id)`.execute(db)
  await sql`create index deliveries_waiting on deliveries (status) where status in ('awaiting_inventory', 'awaiting_date')`.execute(db)

  await sql`
    create table delivery_lines (
      delivery_id uuid not null references deliveries on delete cascade,
      order_line_id uuid not null references order_lines on delete cascade,
      sku text not null,
      quantity integer not null check (quantity > 0),
      primary key (delivery_id, order_line_id)
    )`.execute(db)

  await sql`
    create table payment_transactions (
      id uuid primary key,
      order_id uuid not null references orders on delete cascade,
      delivery_id uuid references deliveries,
      operation text not null check (operation in ('AUTH', 'AUTH_CAPTURE', 'CAPTURE', 'VOID', 'REFUND', 'OFFLINE', 'OVERRIDE')),
      amount bigint not null check (amount >= 0),
      currency char(3) not null,
      status text not null check (status in ('succeeded', 'declined', 'failed')),
      reference text,
      message text,
      actor_kind text not null,
      actor_id text not null,
      actor_name text not null,
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index payment_transactions_order on payment_transactions (order_id, created_at)`.execute(db)

  await sql`
    create table order_history (
      id bigserial primary key,
      order_id uuid not null references orders on delete cascade,
      delivery_id uuid references deliveries,
      type text not null,
      action text,
      from_status text,
      to_status text,
      actor_kind text not null,
      actor_id text not null,
      actor_name text not null,
      note text,
      client_note text,
      at timestamptz not null default now()
    )`.execute(db)
  await sql`create index order_history_order on order_history (order_id, id)`.execute(db)

  // The outbox: events written in the same transaction as the change that causes them.
  await sql`
    create table events (
      id bigserial primary key,
      type text not null,
      order_id uuid,
      shop_code text,
      payload jsonb not null,
      created_at timestamptz not null default now()
    )`.execute(db)

  await sql`
    create table idempotency_keys (
      key text primary key,
      request_hash text not null,
      status_code integer not null,
      response jsonb not null,
      created_at timestamptz not null default now()
    )`.execute(db)

  await sql`
    create table api_tokens (
      id uuid primary key,
      name text not null,
      token_hash text not null unique,
      role text not null default 'administrator',
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      expires_at timestamptz,
      revoked_at timestamptz
    )`.execute(db)
}
