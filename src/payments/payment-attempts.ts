/** Payment attempts: a gateway call written down before it is made, so its answer is never lost (A33). */
import { sql, type Selectable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { PaymentAttemptsTable } from '../db/tables/operations.ts'
import { withDates, withParts, type OrderRow, type OrderState } from '../orders/order.repo.ts'

export type AttemptRow = Selectable<PaymentAttemptsTable>

/**
 * The attempt and its order, both rows locked by one statement (FOR UPDATE locks the rows
 * of every table it reads), then the order's parts, read once the locks are held.
 */
export async function lockAttempt(trx: Database, attemptId: string): Promise<{ attempt: AttemptRow; order: OrderState }> {
  const { attempt, ...row } = await trx.selectFrom('payment_attempts as a').innerJoin('orders as o', 'o.id', 'a.order_id')
    .selectAll('o').select(sql<Record<string, unknown>>`to_jsonb(a)`.as('attempt'))
    .where('a.id', '=', attemptId).forUpdate().executeTakeFirstOrThrow()
  return { attempt: withDates(attempt, ['started_at', 'recorded_at']) as AttemptRow, order: await withParts(trx, row as OrderRow) }
}
