/** A shop's billing settings (one row per shop, made on first change; defaults until then). */
import { sql, type Expression, type Selectable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { ShopProfilesTable } from '../db/tables/money.ts'
import { DomainError } from '../http/errors.ts'
import { recordAudit } from '../auth/audit.ts'
import { seesShop, type Actor } from '../auth/actor.ts'
import { isLocale, isTimeZone } from '../shared/currency.ts'
import { findShop } from './shop.repo.ts'
import { withDates } from '../orders/order.repo.ts'
import type { ShopProfileApi, UpdateShopProfileInput } from './shop-profile.schemas.ts'

export type ShopProfileRow = Selectable<ShopProfilesTable>

/** The time zone of a shop that has not set one (the column's default too). */
export const DEFAULT_SHOP_TIME_ZONE = 'Europe/Zurich'

const defaults = (shopCode: string): ShopProfileRow => ({
  shop_code: shopCode, legal_name: null, address: null, vat_id: null, iban: null, bic: null, email: null, logo: null,
  locale: 'de-CH', time_zone: DEFAULT_SHOP_TIME_ZONE, payment_terms_days: 30, invoice_at: 'placement',
  credit_note_prefix: 'CN-', next_credit_note_number: 1, reminder1_days: 7, reminder2_days: 14, reminder_fee: 0,
  updated_at: new Date(0),
})

export async function loadProfile(db: Database, shopCode: string): Promise<ShopProfileRow> {
  const row = await db.selectFrom('shop_profiles').selectAll().where('shop_code', '=', shopCode).executeTakeFirst()
  return row ?? defaults(shopCode)
}

/** The seller on the shop's documents (the profile with the shop's name) and whether the shop numbers its invoices. */
export interface SellerProfile { profile: ShopProfileRow; shopName: string; invoiceNumbers: boolean }

/**
 * The seller profile of the shop `shopCode` names, as a column of any statement (JSON, which
 * `sellerProfileOf` reads): a change that issues documents gets it with the order it locks,
 * not in a round trip of its own.
 */
export const sellerProfileColumn = (shopCode: Expression<string>) => sql<Record<string, unknown> | null>`(select to_jsonb(x) from (
    select s.name as shop_name, s.invoice_numbers_enabled as invoice_numbers, p.* from shops s left join shop_profiles p on p.shop_code = s.code where s.code = ${shopCode}) x)`.as('seller')

export function sellerProfileOf(column: Record<string, unknown> | null, shopCode: string): SellerProfile {
  if (!column) throw new DomainError('shop_not_found', `There is no shop "${shopCode}"`)
  const { shop_name: shopName, invoice_numbers: invoiceNumbers, ...profile } = withDates(column, ['updated_at'])
  return { shopName: shopName as string, invoiceNumbers: invoiceNumbers as boolean, profile: profile.shop_code === null ? defaults(shopCode) : profile as ShopProfileRow }
}

/** The seller on the shop's documents, in one read: every document needs it. */
export async function loadSellerProfile(db: Database, shopCode: string): Promise<SellerProfile> {
  const { seller } = await db.selectNoFrom(sellerProfileColumn(sql.val(shopCode))).executeTakeFirstOrThrow()
  return sellerProfileOf(seller, shopCode)
}

export function profileToApi(r: ShopProfileRow): ShopProfileApi {
  return {
    shop: r.shop_code, legalName: r.legal_name, address: r.address, vatId: r.vat_id, iban: r.iban, bic: r.bic, email: r.email,
    logo: r.logo, locale: r.locale, timeZone: r.time_zone, paymentTermsDays: r.payment_terms_days, invoiceAt: r.invoice_at,
    creditNotePrefix: r.credit_note_prefix, reminder1Days: r.reminder1_days, reminder2Days: r.reminder2_days, reminderFee: r.reminder_fee,
    updatedAt: r.updated_at.toISOString(),
  }
}

const invalid = (path: string, message: string) =>
  new DomainError('validation_failed', `${path}: ${message}`, { errors: [{ path, message }] })

function columnsOf(i: UpdateShopProfileInput) {
  if (i.timeZone !== undefined && !isTimeZone(i.timeZone)) throw invalid('timeZone', 'is not a known IANA time zone')
  if (i.locale !== undefined && !isLocale(i.locale)) throw invalid('locale', 'is not a known locale')
  return {
    ...(i.legalName !== undefined && { legal_name: i.legalName }),
    ...(i.address !== undefined && { address: i.address === null ? null : JSON.stringify(i.address) }),
    ...(i.vatId !== undefined && { vat_id: i.vatId }),
    ...(i.iban !== undefined && { iban: i.iban && i.iban.replace(/\s+/g, '').toUpperCase() }),
    ...(i.bic !== undefined && { bic: i.bic }),
    ...(i.email !== undefined && { email: i.email }),
    ...(i.logo !== undefined && { logo: i.logo }),
    ...(i.locale !== undefined && { locale: i.locale }),
    ...(i.timeZone !== undefined && { time_zone: i.timeZone }),
    ...(i.paymentTermsDays !== undefined && { payment_terms_days: i.paymentTermsDays }),
    ...(i.invoiceAt !== undefined && { invoice_at: i.invoiceAt }),
    ...(i.creditNotePrefix !== undefined && { credit_note_prefix: i.creditNotePrefix }),
    ...(i.reminder1Days !== undefined && { reminder1_days: i.reminder1Days }),
    ...(i.reminder2Days !== undefined && { reminder2_days: i.reminder2Days }),
    ...(i.reminderFee !== undefined && { reminder_fee: i.reminderFee }),
  }
}

export async function visibleShopCode(db: Database, actor: Actor, code: string): Promise<string> {
  const shop = await findShop(db, code)
  if (!seesShop(actor, shop.code)) throw new DomainError('shop_not_found', `There is no shop "${code}"`)
  return shop.code
}

export async function getProfile(db: Database, actor: Actor, code: string): Promise<ShopProfileApi> {
  return profileToApi(await loadProfile(db, await visibleShopCode(db, actor, code)))
}

export async function updateProfile(trx: Database, actor: Actor, code: string, input: UpdateShopProfileInput): Promise<ShopProfileApi> {
  const shop = await visibleShopCode(trx, actor, code)
  const cols = columnsOf(input)
  if (cols.reminder1_days !== undefined || cols.reminder2_days !== undefined) {
    const before = await loadProfile(trx, shop)
    if ((cols.reminder2_days ?? before.reminder2_days) < (cols.reminder1_days ?? before.reminder1_days)) throw invalid('reminder2Days', 'must not come before the first reminder')
  }
  const row = await trx.insertInto('shop_profiles').values({ shop_code: shop, legal_name: null, address: null, vat_id: null, iban: null, bic: null, email: null, logo: null, ...cols })
    .onConflict((oc) => oc.column('shop_code').doUpdateSet({ ...cols, updated_at: new Date() }))
    .returningAll().executeTakeFirstOrThrow()
  const { logo, ...logged } = input
  await recordAudit(trx, actor, 'shop.profile_updated', 'shop', shop, { ...logged, ...(logo !== undefined && { logo: logo ? `${logo.length} characters` : null }) })
  return profileToApi(row)
}
