/** Payment attempts: a gateway call written down before it is made, so its answer is never lost (A33). */
import { sql, type Selectable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { PaymentAttemptsTable } from '../db/tables/operations.ts'
import { withDates, withParts, type OrderRow, type OrderState } from '../orders/order.repo.ts'
import { sellerProfileColumn, sellerProfileOf, type SellerProfile } from '../shops/shop-profile.ts'

export type AttemptRow = Selectable<PaymentAttemptsTable>

/**
 * The attempt and its order, both rows locked by one statement (FOR UPDATE locks the rows
 * of every table in its FROM), then the order's parts, read once the locks are held. With
 * `seller`, the shop's seller profile too, read by a subquery of its columns: not locked.
 */
export async function lockAttempt(trx: Database, attemptId: string, options: { seller?: boolean } = {}): Promise<{ attempt: AttemptRow; order: OrderState; seller?: SellerProfile }> {
  const { attempt, seller, ...row } = await trx.selectFrom('payment_attempts as a').innerJoin('orders as o', 'o.id', 'a.order_id')
    .selectAll('o').select(sql<Record<string, unknown>>`to_jsonb(a)`.as('attempt'))
    // Not the lock's to protect (a shop's profile changes apart from its orders): read with it,
    // not in a round trip of its own, for the documents the change may issue.
    .select((eb) => options.seller ? sellerProfileColumn(eb.ref('o.shop_code')) : sql<null>`null`.as('seller'))
    .where('a.id', '=', attemptId).forUpdate().executeTakeFirstOrThrow()
  return {
    attempt: withDates(attempt, ['started_at', 'recorded_at']) as AttemptRow,
    order: await withParts(trx, row as OrderRow),
    seller: options.seller ? sellerProfileOf(seller, row.shop_code) : undefined,
  }
}
