/** Reading quotes, scoped to the caller's shops, and the API shape with prices and totals. */
import type { Selectable } from 'kysely'
import { seesShop, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { QuotesTable } from '../db/tables/drafts.ts'
import { DomainError } from '../http/errors.ts'
import { findShop } from '../shops/shop.repo.ts'
import { priceLines } from '../drafts/draft-pricing.ts'
import { quoteActionsFrom, type QuoteStatus } from './quote.machine.ts'

export type QuoteRow = Selectable<QuotesTable>
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function findQuote(actor: Actor, db: Database, id: string, lock = false): Promise<QuoteRow> {
  if (!uuid.test(id)) throw new DomainError('quote_not_found', `There is no quote ${id}`)
  let q = db.selectFrom('quotes').selectAll().where('id', '=', id)
  if (lock) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  if (!row || !seesShop(actor, row.shop_code)) throw new DomainError('quote_not_found', `There is no quote ${id}`)
  return row
}

export async function quoteToApi(db: Database, row: QuoteRow) {
  const shop = await findShop(db, row.shop_code)
  const priced = await priceLines(db, shop, row.lines, 0)
  const c = row.customer
  return {
    id: row.id, number: row.number, shop: row.shop_code, status: row.status as QuoteStatus,
    customer: { id: c.id ?? null, email: c.email, name: c.name, phone: c.phone ?? null, company: c.company ?? null },
    lines: priced.lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, cataloguePrice: l.cataloguePrice, unitPrice: l.unitPrice, amount: l.amount })),
    totals: { currency: shop.currency, subtotal: priced.totals.subtotal, tax: priced.totals.tax, total: priced.totals.total, pricesIncludeTax: shop.prices_include_tax },
    message: row.message, poReference: row.po_reference, costCentre: row.cost_centre, validUntil: row.valid_until, orderId: row.order_id,
    allowedActions: quoteActionsFrom(row.status as QuoteStatus),
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  }
}

export async function listQuotes(db: Database, actor: Actor, query: { status?: string; shop?: string; limit?: number }) {
  let q = db.selectFrom('quotes').selectAll()
  if (query.status) q = q.where('status', 'in', query.status.split(','))
  if (actor.shops !== null) q = q.where('shop_code', 'in', ['', ...actor.shops])
  if (query.shop) q = q.where('shop_code', 'in', query.shop.split(','))
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit ?? 100).execute()
  return rows.map((r) => ({
    id: r.id, number: r.number, shop: r.shop_code, status: r.status, customerName: r.customer.name, company: r.customer.company ?? null,
    lineCount: r.lines.length, poReference: r.po_reference, validUntil: r.valid_until, orderId: r.order_id, createdAt: r.created_at.toISOString(),
  }))
}
