/** Tables and columns for two-phase payments and operations (A33). */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // A card payment asked of the gateway outside the placement transaction. 'started' rows
  // are calls whose answer is not recorded yet: a crash leaves them for the recovery job.
  await sql`
    create table payment_attempts (
      id uuid primary key,
      order_id uuid not null references orders on delete cascade,
      gateway_key text not null unique,
      operation text not null check (operation in ('AUTH', 'AUTH_CAPTURE')),
      amount bigint not null check (amount > 0),
      currency text not null,
      -- The gateway's card token, needed to ask again under the same key; cleared once recorded.
      token text,
      held boolean not null default false,
      -- The request's Idempotency-Key: its stored answer is written when the payment is recorded.
      request_key text,
      state text not null default 'started' check (state in ('started', 'recorded')),
      result text,
      started_at timestamptz not null default now(),
      recorded_at timestamptz
    )`.execute(db)
  await sql`create index payment_attempts_started on payment_attempts (started_at) where state = 'started'`.execute(db)
  await sql`create index payment_attempts_order on payment_attempts (order_id)`.execute(db)
  await sql`create index payment_attempts_request on payment_attempts (request_key) where request_key is not null`.execute(db)
}
