/** Shops and their number counters. */
import { sql, type Selectable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { ShopsTable } from '../db/schema.ts'
import { DomainError } from '../http/errors.ts'
import { NumberAtWrite } from '../db/number-at-write.ts'
import { beforeBeginMark } from '../db/transaction-wire.ts'
import type { ShopApi } from './shop.schemas.ts'

export type ShopRow = Selectable<ShopsTable>

/** Each shop's order numbers come from its own sequence: no lock shared by concurrent placements. */
export const orderNumberSequence = (code: string) => `order_no_${Buffer.from(code).toString('hex')}`

export async function findShop(db: Database, code: string): Promise<ShopRow> {
  const shop = await db.selectFrom('shops').selectAll().where('code', '=', code).executeTakeFirst()
  if (!shop) throw new DomainError('shop_not_found', `There is no shop "${code}"`)
  return shop
}

/** A sequence is outside transactions (a number taken is never given back): it may be asked before BEGIN. */
export async function nextOrderNumber(db: Database, shop: ShopRow): Promise<string> {
  const { rows } = await sql<{ n: number }>`${sql.raw(beforeBeginMark)}select nextval(${orderNumberSequence(shop.code)}::regclass) as n`.execute(db)
  return `${shop.order_number_prefix}${rows[0].n}`
}

/**
 * The shop's next invoice number, taken by the statement that writes the change (the row lock
 * keeps the numbers gap-free; number-at-write.ts says why it is taken there).
 */
export function invoiceNumberAtWrite(shopCode: string): NumberAtWrite {
  return new NumberAtWrite((db) => db.updateTable('shops')
    .set({ next_invoice_number: sql`next_invoice_number + 1` })
    .where('code', '=', shopCode)
    .returning(sql<string>`invoice_number_prefix || (next_invoice_number - 1)`.as('number')))
}

export function shopRowToApi(row: ShopRow): ShopApi {
  return {
    code: row.code,
    name: row.name,
    currency: row.currency,
    pricesIncludeTax: row.prices_include_tax,
    settings: {
      orderNumberPrefix: row.order_number_prefix,
      orderNumberStart: row.order_number_start,
      invoiceNumberPrefix: row.invoice_number_prefix,
      invoiceNumberStart: row.invoice_number_start,
      invoiceNumbersEnabled: row.invoice_numbers_enabled,
      requireApproval: row.require_approval,
      approvalThreshold: row.approval_threshold,
      capturePer: row.capture_per,
    },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}
