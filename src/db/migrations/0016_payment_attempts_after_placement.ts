/**
 * Captures, voids and refunds are asked outside the change's transaction too
 * (src/payments/gateway-outside.ts): each is written as a started payment attempt before the
 * gateway is asked, with what asking again needs (the authorisation it acts on, the delivery).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table payment_attempts drop constraint payment_attempts_operation_check`.execute(db)
  await sql`alter table payment_attempts add constraint payment_attempts_operation_check
    check (operation in ('AUTH', 'AUTH_CAPTURE', 'CAPTURE', 'VOID', 'REFUND'))`.execute(db)
  await sql`alter table payment_attempts add column authorization_ref text`.execute(db)
  await sql`alter table payment_attempts add column delivery_id uuid`.execute(db)
  await sql`alter table payment_attempts add column message text`.execute(db)
}
