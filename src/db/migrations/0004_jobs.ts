/**
 * Background work: the job queue, e-mail templates, rules and outbox, webhook
 * subscriptions and their delivery log, the export pipeline and its per-order block flag.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // Events are handed to the worker once: this marks the ones it has turned into jobs.
  await sql`alter table events add column dispatched_at timestamptz`.execute(db)
  await sql`create index events_undispatched on events (id) where dispatched_at is null`.execute(db)

  await sql`
    create table jobs (
      id bigserial primary key,
      kind text not null,
      payload jsonb not null default '{}',
      state text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed', 'cancelled')),
      attempts integer not null default 0,
      max_attempts integer not null default 5,
      run_at timestamptz not null default now(),
      -- A running job belongs to its worker until the lease ends; a crashed worker's job is taken up again.
      locked_by text,
      locked_until timestamptz,
      last_error text,
      progress jsonb,
      result jsonb,
      -- Recurring jobs: one job per schedule slot, however many workers schedule it.
      unique_key text unique,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz
    )`.execute(db)
  await sql`create index jobs_claimable on jobs (run_at, id) where state in ('queued', 'running')`.execute(db)
  await sql`create index jobs_listing on jobs (created_at desc, id desc)`.execute(db)

  await sql`
    create table mail_templates (
      shop_code text not null references shops on delete cascade,
      event text not null,
      recipient text not null check (recipient in ('customer', 'shop', 'call_centre')),
      subject text not null,
      text_body text not null,
      html_body text not null,
      updated_at timestamptz not null default now(),
      primary key (shop_code, event, recipient)
    )`.execute(db)

  await sql`
    create table mail_rules (
      shop_code text not null references shops on delete cascade,
      event text not null,
      recipient text not null check (recipient in ('customer', 'shop', 'call_centre')),
      enabled boolean not null default true,
      -- Replaces the default recipient (the customer) or names the shop's or call centre's people.
      addresses text[] not null default '{}',
      updated_at timestamptz not null default now(),
      primary key (shop_code, event, recipient)
    )`.execute(db)

  await sql`
    create table mail_messages (
      id bigserial primary key,
      shop_code text,
      order_id uuid,
      event_id bigint,
      event text not null,
      recipient text not null,
      to_addresses text[] not null,
      subject text not null,
      text_body text not null,
      html_body text not null,
      transport text not null check (transport in ('outbox', 'smtp')),
      message_id text,
      created_at timestamptz not null default now(),
      -- A retried mail job finds its message already written and does not send it again.
      unique (event_id, recipient)
    )`.execute(db)
  await sql`create index mail_messages_listing on mail_messages (created_at desc, id desc)`.execute(db)

  await sql`
    create table webhook_subscriptions (
      id uuid primary key,
      shop_code text not null references shops on delete cascade,
      url text not null,
      events text[] not null,
      secret text not null,
      active boolean not null default true,
      failure_streak integer not null default 0,
      disabled_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)

  await sql`
    create table webhook_deliveries (
      id uuid primary key,
      subscription_id uuid not null references webhook_subscriptions on delete cascade,
      event_id bigint,
      event_type text not null,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
      attempts integer not null default 0,
      response_status integer,
      duration_ms integer,
      last_error text,
      created_at timestamptz not null default now(),
      finished_at timestamptz,
      unique (subscription_id, event_id)
    )`.execute(db)
  await sql`create index webhook_deliveries_subscription on webhook_deliveries (subscription_id, created_at desc)`.execute(db)

  await sql`
    create table webhook_attempts (
      id bigserial primary key,
      delivery_id uuid not null references webhook_deliveries on delete cascade,
      at timestamptz not null default now(),
      response_status integer,
      duration_ms integer not null,
      error text
    )`.execute(db)
  await sql`create index webhook_attempts_delivery on webhook_attempts (delivery_id, id)`.execute(db)

  await sql`
    create table exporters (
      id uuid primary key,
      shop_code text not null references shops on delete cascade,
      name text not null,
      export_state text not null check (export_state in ('INITPAID', 'DELIVERY', 'CANCELLED', 'RETURNED')),
      kind text not null check (kind in ('file', 'http')),
      format text not null check (format in ('csv', 'xml', 'json')),
      target text not null,
      next_state text check (next_state in ('INITPAID', 'DELIVERY', 'CANCELLED', 'RETURNED')),
      position integer not null default 0,
      active boolean not null default true,
      created_at timestamptz not null default now()
    )`.execute(db)

  await sql`
    create table order_export_blocks (
      order_id uuid primary key references orders on delete cascade,
      note text,
      blocked_at timestamptz not null default now()
    )`.execute(db)
}
