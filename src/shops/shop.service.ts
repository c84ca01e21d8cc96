/** Opening shops and changing their settings. */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { findShop, orderNumberSequence, shopRowToApi, type ShopRow } from './shop.repo.ts'
import { nextFreeNumber } from './number-ranges.ts'
import type { CreateShopInput, ShopApi, UpdateShopInput } from './shop.schemas.ts'
import { seesShop, type Actor } from '../auth/actor.ts'
import { recordAudit } from '../auth/audit.ts'

type Settings = NonNullable<CreateShopInput['settings']>

function settingsColumns(s: Settings) {
  return {
    ...(s.orderNumberPrefix !== undefined && { order_number_prefix: s.orderNumberPrefix }),
    ...(s.orderNumberStart !== undefined && { order_number_start: s.orderNumberStart }),
    ...(s.invoiceNumberPrefix !== undefined && { invoice_number_prefix: s.invoiceNumberPrefix }),
    ...(s.invoiceNumberStart !== undefined && { invoice_number_start: s.invoiceNumberStart }),
    ...(s.invoiceNumbersEnabled !== undefined && { invoice_numbers_enabled: s.invoiceNumbersEnabled }),
    ...(s.requireApproval !== undefined && { require_approval: s.requireApproval }),
    ...(s.approvalThreshold !== undefined && { approval_threshold: s.approvalThreshold }),
    ...(s.capturePer !== undefined && { capture_per: s.capturePer }),
  }
}

export async function createShop(trx: Database, actor: Actor, input: CreateShopInput): Promise<ShopApi> {
  const settings = input.settings ?? {}
  const exists = await trx.selectFrom('shops').select('code').where(sql`lower(code)`, '=', input.code.toLowerCase()).executeTakeFirst()
  if (exists) throw new DomainError('already_exists', `A shop "${exists.code}" already exists`)
  const row = await trx.insertInto('shops').values({
    code: input.code,
    name: input.name,
    currency: input.currency,
    prices_include_tax: input.pricesIncludeTax,
    ...settingsColumns(settings),
    next_invoice_number: settings.invoiceNumberStart ?? 1,
  }).returningAll().executeTakeFirstOrThrow()
  await sql`create sequence ${sql.id(orderNumberSequence(row.code))} start with ${sql.lit(row.order_number_start)}`.execute(trx)
  const api = shopRowToApi(row)
  await recordAudit(trx, actor, 'shop.created', 'shop', row.code, { name: api.name, currency: api.currency, pricesIncludeTax: api.pricesIncludeTax, settings: api.settings }, [row.code])
  return api
}

export async function updateShop(trx: Database, actor: Actor, code: string, input: UpdateShopInput): Promise<ShopApi> {
  const before = await findVisibleShop(actor, trx, code)
  const settings = input.settings ?? {}
  const row = await trx.updateTable('shops').set({
    ...(input.name !== undefined && { name: input.name }),
    ...(input.pricesIncludeTax !== undefined && { prices_include_tax: input.pricesIncludeTax }),
    ...settingsColumns(settings),
    updated_at: new Date(),
  }).where('code', '=', before.code).returningAll().executeTakeFirstOrThrow()

  await moveNumberRanges(trx, before, row, settings)
  const after = shopRowToApi(row), previous = shopRowToApi(before)
  await recordAudit(trx, actor, 'shop.updated', 'shop', row.code, changesBetween(previous, after), [row.code])
  return after
}

/** Puts the order sequence and the invoice counter where the new prefix and start say, never onto an issued number. */
async function moveNumberRanges(trx: Database, before: ShopRow, row: ShopRow, settings: Settings): Promise<void> {
  if (settings.orderNumberStart !== undefined || row.order_number_prefix !== before.order_number_prefix) {
    const seq = orderNumberSequence(row.code)
    const { rows } = await sql<{ next: string }>`select last_value + (case when is_called then 1 else 0 end) as next from ${sql.id(seq)}`.execute(trx)
    const next = await nextFreeNumber(trx, row.code, 'order', row.order_number_prefix, settings.orderNumberStart, Number(rows[0].next))
    await sql`select setval(${seq}::regclass, ${next}::bigint, false)`.execute(trx)
  }
  if (settings.invoiceNumberStart !== undefined || row.invoice_number_prefix !== before.invoice_number_prefix) {
    // The shop row is locked by the update above, so no invoice number is taken meanwhile.
    const next = await nextFreeNumber(trx, row.code, 'invoice', row.invoice_number_prefix, settings.invoiceNumberStart, Number(before.next_invoice_number))
    await trx.updateTable('shops').set({ next_invoice_number: next }).where('code', '=', row.code).execute()
  }
}

/** What differs between two versions of a shop, field by field (settings flattened). */
function changesBetween(before: ShopApi, after: ShopApi): Record<string, { from: unknown; to: unknown }> {
  const flat = (s: ShopApi): Record<string, unknown> => ({ name: s.name, pricesIncludeTax: s.pricesIncludeTax, ...s.settings })
  const a = flat(before), b = flat(after)
  return Object.fromEntries(Object.keys(b).filter((k) => a[k] !== b[k]).map((k) => [k, { from: a[k], to: b[k] }]))
}

async function findVisibleShop(actor: Actor, db: Database, code: string) {
  const shop = await findShop(db, code)
  if (!seesShop(actor, shop.code)) throw new DomainError('shop_not_found', `There is no shop "${code}"`)
  return shop
}

export async function getShop(db: Database, actor: Actor, code: string): Promise<ShopApi> {
  return shopRowToApi(await findVisibleShop(actor, db, code))
}

export async function listShops(db: Database, actor: Actor): Promise<ShopApi[]> {
  const rows = await db.selectFrom('shops').selectAll().orderBy('code').execute()
  return rows.filter((r) => seesShop(actor, r.code)).map(shopRowToApi)
}
