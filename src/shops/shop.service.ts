/** Opening shops and changing their settings. */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { findShop, orderNumberSequence, shopRowToApi } from './shop.repo.ts'
import type { CreateShopInput, ShopApi, UpdateShopInput } from './shop.schemas.ts'

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

export async function createShop(trx: Database, input: CreateShopInput): Promise<ShopApi> {
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
  return shopRowToApi(row)
}

export async function updateShop(trx: Database, code: string, input: UpdateShopInput): Promise<ShopApi> {
  const before = await findShop(trx, code)
  const settings = input.settings ?? {}
  const row = await trx.updateTable('shops').set({
    ...(input.name !== undefined && { name: input.name }),
    ...(input.pricesIncludeTax !== undefined && { prices_include_tax: input.pricesIncludeTax }),
    ...settingsColumns(settings),
    updated_at: new Date(),
  }).where('code', '=', before.code).returningAll().executeTakeFirstOrThrow()

  if (settings.orderNumberStart !== undefined) {
    // Under the same prefix, numbering never goes back (numbers stay unique); a new prefix may restart it.
    const restart = row.order_number_prefix !== before.order_number_prefix
    const seq = orderNumberSequence(row.code)
    await sql`select setval(${seq}::regclass, ${restart
      ? sql`${settings.orderNumberStart}::bigint`
      : sql`greatest(${settings.orderNumberStart}::bigint, (select last_value + (case when is_called then 1 else 0 end) from ${sql.id(seq)}))`}, false)`.execute(trx)
  }
  if (settings.invoiceNumberStart !== undefined) {
    const restart = row.invoice_number_prefix !== before.invoice_number_prefix
    await trx.updateTable('shops').set({
      next_invoice_number: restart ? settings.invoiceNumberStart : sql`greatest(next_invoice_number, ${settings.invoiceNumberStart}::bigint)`,
    }).where('code', '=', row.code).execute()
  }
  return shopRowToApi(row)
}

export async function getShop(db: Database, code: string): Promise<ShopApi> {
  return shopRowToApi(await findShop(db, code))
}

export async function listShops(db: Database): Promise<ShopApi[]> {
  const rows = await db.selectFrom('shops').selectAll().orderBy('code').execute()
  return rows.map(shopRowToApi)
}
