/**
 * Discount codes at placement (A2): each code is checked (shop, dates, minimum), then
 * counted against its usage limit with one conditional UPDATE, which holds the code's row
 * until the order commits: parallel orders queue on it, and the limit is never exceeded.
 * The per-customer limit is counted while that lock is held.
 */
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { sql } from 'kysely'
import { spreadDiscounts, type AppliedCode } from './discount-spread.ts'
import type { SpreadDiscount } from '../orders/totals.ts'

export interface ClaimedDiscounts { spread?: SpreadDiscount; applied: (AppliedCode & { discountId: string })[] }

export async function claimDiscounts(
  trx: Database, shopCode: string, customerId: string, codes: string[] | undefined, lineAmounts: number[], shipping: number,
): Promise<ClaimedDiscounts> {
  const { rows, rules } = await checkedCodes(trx, shopCode, codes, lineAmounts)
  if (rules.length === 0) return { applied: [] }
  for (const d of rows) await countUse(trx, d, customerId)
  return spreadOf(rules, lineAmounts, shipping)
}

/**
 * What the codes would take off, without using them up: for a draft's totals before it is
 * placed. The limits are counted only when the order is placed.
 */
export async function previewDiscounts(db: Database, shopCode: string, codes: string[], lineAmounts: number[], shipping: number): Promise<ClaimedDiscounts> {
  const { rules } = await checkedCodes(db, shopCode, codes, lineAmounts)
  return rules.length === 0 ? { applied: [] } : spreadOf(rules, lineAmounts, shipping)
}

function spreadOf(rules: Awaited<ReturnType<typeof checkedCodes>>['rules'], lineAmounts: number[], shipping: number): ClaimedDiscounts {
  const { spread, applied } = spreadDiscounts(rules, lineAmounts, shipping)
  return { spread, applied: applied.map((a, i) => ({ ...a, code: rules[i].code, discountId: rules[i].id })) }
}

/** The codes' rows, each checked (known, active, in its dates, minimum reached), in the order given. */
async function checkedCodes(db: Database, shopCode: string, codes: string[] | undefined, lineAmounts: number[]) {
  const wanted = [...new Set((codes ?? []).map((c) => c.trim().toUpperCase()))]
  if (wanted.length === 0) return { rows: [], rules: [] }
  const rows = await db.selectFrom('discounts').selectAll()
    .where('shop_code', '=', shopCode).where(sql<string>`upper(code)`, 'in', wanted).orderBy('id').execute()
  const now = new Date()
  const goods = lineAmounts.reduce((a, b) => a + b, 0)
  for (const code of wanted) {
    const d = rows.find((r) => r.code.toUpperCase() === code)
    const why = !d || !d.active ? 'is not known'
      : d.valid_from && d.valid_from > now ? 'is not valid yet'
        : d.valid_to && d.valid_to < now ? 'has expired'
          : d.min_total !== null && goods < d.min_total ? `needs goods worth at least ${d.min_total}` : undefined
    if (why) throw new DomainError('discount_code_invalid', `The discount code "${code}" ${why}`, { code, errors: [{ path: 'discountCodes', message: `${code} ${why}` }] })
  }
  return { rows, rules: wanted.map((c) => rows.find((r) => r.code.toUpperCase() === c)!) }
}

async function countUse(trx: Database, d: { id: string; code: string; per_customer_limit: number | null }, customerId: string): Promise<void> {
  const counted = await trx.updateTable('discounts').set({ used_count: sql`used_count + 1` })
    .where('id', '=', d.id).where((eb) => eb.or([eb('usage_limit', 'is', null), eb('used_count', '<', eb.ref('usage_limit'))]))
    .returning('id').executeTakeFirst()
  if (!counted) throw new DomainError('discount_code_used_up', `The discount code "${d.code}" has been used up`, { code: d.code })
  if (d.per_customer_limit === null) return
  const { n } = await trx.selectFrom('order_discounts').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('discount_id', '=', d.id).where('customer_id', '=', customerId).where('released', '=', false).executeTakeFirstOrThrow()
  if (Number(n) >= d.per_customer_limit) {
    throw new DomainError('discount_code_used_up', `The discount code "${d.code}" may be used ${d.per_customer_limit} time(s) per customer`, { code: d.code })
  }
}

/** Records which codes the order used; an order that failed at once gives its uses back. */
export async function recordDiscounts(trx: Database, orderId: string, customerId: string, claimed: ClaimedDiscounts, failed: boolean): Promise<void> {
  if (claimed.applied.length === 0) return
  const { rows } = discountInserts(orderId, customerId, claimed, failed)
  await trx.insertInto('order_discounts').values(rows).execute()
  if (failed) await releaseUses(trx, claimed.applied.map((a) => a.discountId))
}

/** The order's discount uses, as one of the writes of its statement (writeTogether). */
export function discountInserts(orderId: string, customerId: string, claimed: ClaimedDiscounts, released = false) {
  return {
    into: 'order_discounts' as const,
    rows: claimed.applied.map((a) => ({ order_id: orderId, discount_id: a.discountId, code: a.code, customer_id: customerId, amount: a.amount, released })),
  }
}

export async function releaseUses(trx: Database, discountIds: string[]): Promise<void> {
  if (discountIds.length === 0) return
  await trx.updateTable('discounts').set({ used_count: sql`greatest(used_count - 1, 0)` }).where('id', 'in', discountIds).execute()
}

/** A cancelled order gives its code uses back (once): the code may be used again. */
export async function releaseOrderDiscounts(trx: Database, orderId: string): Promise<void> {
  const released = await trx.updateTable('order_discounts').set({ released: true })
    .where('order_id', '=', orderId).where('released', '=', false).returning('discount_id').execute()
  await releaseUses(trx, released.map((r) => r.discount_id))
}
