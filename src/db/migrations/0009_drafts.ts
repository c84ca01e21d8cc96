/** Tables and columns for draft orders, quotes, consultation requests (A16-A19). */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // A draft order: edited freely, turned into an order by one action.
  await sql`
    create table drafts (
      id uuid primary key,
      shop_code text not null references shops,
      status text not null,
      customer jsonb,
      lines jsonb not null default '[]',
      billing_address jsonb,
      shipping_address jsonb,
      shipping_cost integer not null default 0 check (shipping_cost >= 0),
      note text,
      source text not null default 'staff',
      b2b jsonb,
      assignee_id text,
      assignee_name text,
      hold_until timestamptz,
      hand_back_code text unique,
      order_id uuid references orders,
      quote_id uuid,
      consultation_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index drafts_shop_status on drafts (shop_code, status, updated_at)`.execute(db)
  await sql`create index drafts_hold_until on drafts (hold_until) where status = 'held'`.execute(db)

  // Stock a held draft keeps reserved (stock_levels.reserved includes it).
  await sql`
    create table draft_reservations (
      draft_id uuid not null references drafts on delete cascade,
      warehouse_code text not null,
      sku text not null,
      quantity integer not null check (quantity > 0),
      primary key (draft_id, warehouse_code, sku)
    )`.execute(db)

  await sql`
    create table quotes (
      id uuid primary key,
      number text not null unique,
      shop_code text not null references shops,
      status text not null,
      customer jsonb not null,
      lines jsonb not null,
      message text,
      po_reference text,
      cost_centre text,
      valid_until date,
      order_id uuid references orders,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index quotes_shop_status on quotes (shop_code, status, created_at)`.execute(db)

  await sql`
    create table consultations (
      id uuid primary key,
      shop_code text not null references shops,
      status text not null,
      contact jsonb not null,
      message text not null,
      products text[] not null default '{}',
      preferred_time text,
      assignee_id text,
      assignee_name text,
      draft_id uuid references drafts,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index consultations_waiting on consultations (shop_code, status, created_at)`.execute(db)

  // One audit trail for drafts, quotes and consultations: transitions, notes, assignments.
  await sql`
    create table desk_history (
      id bigserial primary key,
      subject_kind text not null,
      subject_id uuid not null,
      type text not null,
      action text,
      from_status text,
      to_status text,
      note text,
      actor_kind text not null,
      actor_id text not null,
      actor_name text not null,
      at timestamptz not null default now()
    )`.execute(db)
  await sql`create index desk_history_subject on desk_history (subject_kind, subject_id, id)`.execute(db)

  // B2B fields of an order: purchase-order reference, cost centre, who authorised it.
  await sql`
    create table order_b2b (
      order_id uuid primary key references orders on delete cascade,
      po_reference text,
      cost_centre text,
      approver text,
      quote_id uuid references quotes
    )`.execute(db)
}
