/** A draft as the API shows it: with live totals, availability and what may be done next. */
import type { Database } from '../db/database.ts'
import { findShop } from '../shops/shop.repo.ts'
import type { DraftRow } from './draft.repo.ts'
import { draftActionsFrom, type DraftStatus } from './draft.machine.ts'
import { availability, priceLines } from './draft-pricing.ts'

export async function draftToApi(db: Database, row: DraftRow) {
  const shop = await findShop(db, row.shop_code)
  const priced = await priceLines(db, shop, row.lines, row.shipping_cost, row.discount_codes)
  const free = await availability(db, row.id, priced.lines.filter((l) => l.kind === 'physical').map((l) => l.sku))
  const reservations = await db.selectFrom('draft_reservations').selectAll().where('draft_id', '=', row.id).orderBy('sku').execute()
  const t = priced.totals
  return {
    id: row.id, shop: row.shop_code, status: row.status as DraftStatus,
    customer: await customerOf(db, row),
    lines: priced.lines.map((l) => {
      const available = l.kind === 'physical' ? free.get(l.sku) ?? 0 : l.quantity
      return {
        sku: l.sku, name: l.name, kind: l.kind, quantity: l.quantity, unitPrice: l.unitPrice, cataloguePrice: l.cataloguePrice,
        overrideReason: l.overrideReason, amount: l.amount, tax: l.tax, available,
        enough: l.kind !== 'physical' || available >= l.quantity || l.backorder || (l.availableFrom !== null && l.availableFrom > today()),
      }
    }),
    billingAddress: row.billing_address, shippingAddress: row.shipping_address, shippingCost: row.shipping_cost,
    note: row.note, source: row.source, b2b: row.b2b,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    holdUntil: row.hold_until?.toISOString() ?? null,
    reservations: reservations.map((r) => ({ warehouse: r.warehouse_code, sku: r.sku, quantity: r.quantity })),
    handBackCode: row.hand_back_code,
    orderId: row.order_id, quoteId: row.quote_id, consultationId: row.consultation_id,
    discountCodes: row.discount_codes,
    totals: {
      currency: shop.currency, subtotal: t.subtotal, discount: t.discount, shipping: t.shipping, tax: t.tax, total: t.total, pricesIncludeTax: shop.prices_include_tax,
      discounts: priced.discounts, discountProblem: priced.discountProblem,
    },
    allowedActions: draftActionsFrom(row.status as DraftStatus),
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  }
}

const today = () => new Date().toISOString().slice(0, 10)

async function customerOf(db: Database, row: DraftRow) {
  const c = row.customer
  if (!c) return null
  if (!('id' in c)) return { id: null, email: c.email, name: c.name }
  const found = await db.selectFrom('customers').select(['id', 'email', 'name']).where('id', '=', c.id).executeTakeFirst()
  return found ?? { id: c.id, email: '', name: '' }
}
