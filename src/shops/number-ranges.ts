/**
 * Order and invoice numbers are unique per shop, whatever the shop does to its prefix and
 * start. Changing a prefix away and back, or a start below numbers already issued, used to
 * make every new order fail (or issue an invoice number twice). Here the settings find the
 * highest number already issued under the prefix that will apply: an explicit start at or
 * below it is refused with the lowest start that works, and a prefix change alone moves the
 * counter above it.
 */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'

export type NumberRange = 'order' | 'invoice'
const column = { order: 'number', invoice: 'invoice_number' } as const

/** The highest n with `<prefix><n>` among the shop's order (or invoice) numbers, 0 if none. */
export async function highestIssued(db: Database, shop: string, range: NumberRange, prefix: string): Promise<number> {
  const col = sql.ref(column[range])
  const { rows } = await sql<{ n: string | null }>`
    select max(substring(${col} from ${prefix.length + 1}::int)::numeric) as n from orders
    where shop_code = ${shop} and left(${col}, ${prefix.length}::int) = ${prefix}::text
      and substring(${col} from ${prefix.length + 1}::int) ~ '^[0-9]{1,18}$'`.execute(db)
  return Number(rows[0]?.n ?? 0)
}

/**
 * The next number to issue under `prefix`: the requested start (refused when numbers at or
 * above it were issued) or, without one, the current counter lifted above what was issued.
 */
export async function nextFreeNumber(
  db: Database, shop: string, range: NumberRange, prefix: string, requested: number | undefined, current: number,
): Promise<number> {
  const issued = await highestIssued(db, shop, range, prefix)
  if (requested === undefined) return Math.max(current, issued + 1)
  if (requested <= issued) {
    const field = range === 'order' ? 'orderNumberStart' : 'invoiceNumberStart'
    throw new DomainError('number_collision', `${range === 'order' ? 'Order' : 'Invoice'} number ${prefix}${issued} was already issued: start at ${issued + 1} or higher`, {
      errors: [{ path: `settings.${field}`, message: `must be at least ${issued + 1}` }], lowestStart: issued + 1,
    })
  }
  return requested
}
