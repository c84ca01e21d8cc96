/** Single lines can be cancelled before they ship: the ordered quantity stays, the cancelled part is counted. */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table order_lines add column cancelled_quantity integer not null default 0
    check (cancelled_quantity >= 0)`.execute(db)
  await sql`alter table order_lines add constraint order_lines_cancel_within_quantity check (cancelled_quantity <= quantity)`.execute(db)
}
