/** Creating, changing and listing discount codes, per shop (A2). */
import { sql, type Selectable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { DiscountsTable } from '../db/tables/money.ts'
import { DomainError } from '../http/errors.ts'
import { recordAudit } from '../auth/audit.ts'
import { seesShop, type Actor } from '../auth/actor.ts'
import { isUuid, uuidv7 } from '../shared/ids.ts'
import { visibleShopCode } from '../shops/shop-profile.ts'
import type { CreateDiscountInput, DiscountApi, UpdateDiscountInput } from './discount.schemas.ts'

type DiscountRow = Selectable<DiscountsTable>

const invalid = (path: string, message: string) => new DomainError('validation_failed', `${path}: ${message}`, { errors: [{ path, message }] })

/** Percent is stored in basis points (12.5 % -> 1250); amounts in minor units. */
function storedValue(kind: string, value: number | undefined): number {
  if (kind === 'free_shipping') return 0
  if (value === undefined) throw invalid('value', `is required for ${kind} codes`)
  if (kind === 'percent') {
    if (value <= 0 || value > 100) throw invalid('value', 'a percentage is more than 0 and at most 100')
    const bp = Math.round(value * 100)
    if (Math.abs(bp - value * 100) > 1e-6) throw invalid('value', 'at most two decimals')
    return bp
  }
  if (!Number.isInteger(value) || value <= 0) throw invalid('value', 'an amount is a positive integer in minor units')
  return value
}

export function discountToApi(r: DiscountRow): DiscountApi {
  return {
    id: r.id, shop: r.shop_code, code: r.code, kind: r.kind, value: r.kind === 'percent' ? r.value / 100 : r.value,
    minTotal: r.min_total, validFrom: r.valid_from?.toISOString() ?? null, validTo: r.valid_to?.toISOString() ?? null,
    usageLimit: r.usage_limit, perCustomerLimit: r.per_customer_limit, usedCount: r.used_count, active: r.active,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  }
}

function checkDates(from: string | Date | null | undefined, to: string | Date | null | undefined) {
  if (from && to && new Date(from) > new Date(to)) throw invalid('validTo', 'comes before validFrom')
}

export async function createDiscount(trx: Database, actor: Actor, i: CreateDiscountInput): Promise<DiscountApi> {
  const shop = await visibleShopCode(trx, actor, i.shop)
  checkDates(i.validFrom, i.validTo)
  const taken = await trx.selectFrom('discounts').select('code').where('shop_code', '=', shop).where(sql<string>`upper(code)`, '=', i.code.toUpperCase()).executeTakeFirst()
  if (taken) throw new DomainError('already_exists', `Shop ${shop} has a discount code "${taken.code}" already`)
  const row = await trx.insertInto('discounts').values({
    id: uuidv7(), shop_code: shop, code: i.code.toUpperCase(), kind: i.kind, value: storedValue(i.kind, i.value),
    min_total: i.minTotal ?? null, valid_from: i.validFrom ? new Date(i.validFrom) : null, valid_to: i.validTo ? new Date(i.validTo) : null,
    usage_limit: i.usageLimit ?? null, per_customer_limit: i.perCustomerLimit ?? null, active: i.active ?? true,
  }).returningAll().executeTakeFirstOrThrow()
  await recordAudit(trx, actor, 'discount.created', 'discount', row.id, { ...i })
  return discountToApi(row)
}

async function findDiscount(db: Database, actor: Actor, id: string, lock = false): Promise<DiscountRow> {
  let q = db.selectFrom('discounts').selectAll().where('id', '=', isUuid(id) ? id : '00000000-0000-0000-0000-000000000000')
  if (lock) q = q.forUpdate()
  const row = await q.executeTakeFirst()
  if (!row || !seesShop(actor, row.shop_code)) throw new DomainError('discount_not_found', `There is no discount code "${id}"`)
  return row
}

export async function updateDiscount(trx: Database, actor: Actor, id: string, i: UpdateDiscountInput): Promise<DiscountApi> {
  const before = await findDiscount(trx, actor, id, true)
  checkDates(i.validFrom !== undefined ? i.validFrom : before.valid_from, i.validTo !== undefined ? i.validTo : before.valid_to)
  const row = await trx.updateTable('discounts').set({
    ...(i.value !== undefined && { value: storedValue(before.kind, i.value) }),
    ...(i.minTotal !== undefined && { min_total: i.minTotal }),
    ...(i.validFrom !== undefined && { valid_from: i.validFrom ? new Date(i.validFrom) : null }),
    ...(i.validTo !== undefined && { valid_to: i.validTo ? new Date(i.validTo) : null }),
    ...(i.usageLimit !== undefined && { usage_limit: i.usageLimit }),
    ...(i.perCustomerLimit !== undefined && { per_customer_limit: i.perCustomerLimit }),
    ...(i.active !== undefined && { active: i.active }),
    updated_at: new Date(),
  }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow()
  await recordAudit(trx, actor, 'discount.updated', 'discount', row.id, { ...i })
  return discountToApi(row)
}

export async function getDiscount(db: Database, actor: Actor, id: string): Promise<DiscountApi> {
  return discountToApi(await findDiscount(db, actor, id))
}

export async function listDiscounts(db: Database, actor: Actor, shop?: string): Promise<DiscountApi[]> {
  const rows = await db.selectFrom('discounts').selectAll()
    .$if(shop !== undefined, (q) => q.where('shop_code', '=', shop!))
    .orderBy('shop_code').orderBy('code').limit(1000).execute()
  return rows.filter((r) => seesShop(actor, r.shop_code)).map(discountToApi)
}
