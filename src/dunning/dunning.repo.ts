/** Each invoice order's due date and reminder level (A15). */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'

export async function startDunning(trx: Database, orderId: string, shopCode: string, dueDate: string): Promise<void> {
  await trx.insertInto('order_dunning').values({ order_id: orderId, shop_code: shopCode, due_date: dueDate, last_reminded_at: null, cleared_at: null })
    .onConflict((oc) => oc.column('order_id').doNothing()).execute()
}

/** Paying (or cancelling) clears it: no more reminders. */
export async function stopDunning(trx: Database, orderId: string): Promise<void> {
  await trx.updateTable('order_dunning').set({ cleared_at: sql`now()` }).where('order_id', '=', orderId).where('cleared_at', 'is', null).execute()
}
