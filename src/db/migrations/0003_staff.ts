/** Staff accounts, roles made of permissions, shop scoping, sessions, and the audit log of administrative actions. */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table roles (
      code text primary key,
      name text not null,
      permissions text[] not null,
      built_in boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)

  await sql`
    create table users (
      id uuid primary key,
      email text not null,
      name text not null,
      password_hash text not null,
      role text not null references roles,
      -- Empty: every shop. Otherwise only these shops exist for the user.
      shops text[] not null default '{}',
      active boolean not null default true,
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create unique index users_email on users (lower(email))`.execute(db)

  await sql`
    create table sessions (
      id_hash text primary key,
      user_id uuid not null references users on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      ip text,
      user_agent text
    )`.execute(db)
  await sql`create index sessions_user on sessions (user_id)`.execute(db)

  await sql`
    create table login_failures (
      id bigserial primary key,
      email text not null,
      ip text not null,
      at timestamptz not null default now()
    )`.execute(db)
  await sql`create index login_failures_email on login_failures (lower(email), at)`.execute(db)
  await sql`create index login_failures_ip on login_failures (ip, at)`.execute(db)

  await sql`alter table api_tokens add column shops text[] not null default '{}'`.execute(db)
  await sql`alter table api_tokens add column created_by text`.execute(db)

  // Customers belong to the shops they ordered in (or were added for), so a scoped user sees only those.
  await sql`alter table customers add column shops text[] not null default '{}'`.execute(db)
  await sql`update customers c set shops = coalesce((select array_agg(distinct o.shop_code) from orders o where o.customer_id = c.id), '{}')`.execute(db)
  await sql`create index customers_shops on customers using gin (shops)`.execute(db)

  await sql`
    create table audit_log (
      id bigserial primary key,
      at timestamptz not null default now(),
      actor_kind text not null,
      actor_id text not null,
      actor_name text not null,
      action text not null,
      target_type text not null,
      target_id text not null,
      changes jsonb not null default '{}'
    )`.execute(db)
  await sql`create index audit_log_at on audit_log (at desc, id desc)`.execute(db)
}
