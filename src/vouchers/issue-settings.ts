/** Per product: how long its vouchers are valid, its licence key format and limits; per shop: how vouchers look. */
import { seesShop, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { defaultKeyFormat, keyFormatProblem } from '../licences/licence-key.ts'
import { layoutOfShop, type VoucherLayout } from './voucher-pdf.ts'
import type { IssueSettingsInput } from './voucher.schemas.ts'

export async function getIssueSettings(db: Database, sku: string) {
  const product = await db.selectFrom('products').select(['sku', 'kind']).where('sku', '=', sku).executeTakeFirst()
  if (!product) throw new DomainError('product_not_found', `There is no product "${sku}"`)
  const s = await db.selectFrom('product_issue_settings').selectAll().where('sku', '=', sku).executeTakeFirst()
  return {
    sku, kind: product.kind,
    voucherValidityMonths: s?.voucher_validity_months ?? 36,
    voucherLayout: s?.voucher_layout ?? 'classic',
    voucherChosenValue: s?.voucher_min_value && s.voucher_max_value ? { min: s.voucher_min_value, max: s.voucher_max_value } : null,
    licenceKeyFormat: s?.licence_key_format ?? defaultKeyFormat,
    licenceActivationLimit: s?.licence_activation_limit ?? 1,
    licenceValidityDays: s?.licence_validity_days ?? null,
  }
}

export async function putIssueSettings(trx: Database, sku: string, input: IssueSettingsInput) {
  const current = await getIssueSettings(trx, sku)
  if (input.voucherChosenValue && input.voucherChosenValue.min > input.voucherChosenValue.max) {
    throw new DomainError('validation_failed', 'The lowest value is above the highest', { errors: [{ path: 'voucherChosenValue.min', message: 'must not exceed max' }] })
  }
  if (input.licenceKeyFormat !== undefined) {
    const problem = keyFormatProblem(input.licenceKeyFormat)
    if (problem) throw new DomainError('validation_failed', `The key format ${problem}`, { errors: [{ path: 'licenceKeyFormat', message: problem }] })
  }
  const row = {
    sku,
    voucher_validity_months: input.voucherValidityMonths ?? current.voucherValidityMonths,
    voucher_layout: input.voucherLayout ?? current.voucherLayout,
    voucher_min_value: (input.voucherChosenValue !== undefined ? input.voucherChosenValue : current.voucherChosenValue)?.min ?? null,
    voucher_max_value: (input.voucherChosenValue !== undefined ? input.voucherChosenValue : current.voucherChosenValue)?.max ?? null,
    licence_key_format: input.licenceKeyFormat ?? current.licenceKeyFormat,
    licence_activation_limit: input.licenceActivationLimit ?? current.licenceActivationLimit,
    licence_validity_days: input.licenceValidityDays !== undefined ? input.licenceValidityDays : current.licenceValidityDays,
    updated_at: new Date(),
  }
  await trx.insertInto('product_issue_settings').values(row).onConflict((oc) => oc.column('sku').doUpdateSet(row)).execute()
  return getIssueSettings(trx, sku)
}

async function visibleShop(db: Database, actor: Actor, code: string): Promise<void> {
  const shop = await db.selectFrom('shops').select('code').where('code', '=', code).executeTakeFirst()
  if (!shop || !seesShop(actor, code)) throw new DomainError('shop_not_found', `There is no shop "${code}"`)
}

export async function getVoucherLayout(db: Database, actor: Actor, shop: string): Promise<VoucherLayout> {
  await visibleShop(db, actor, shop)
  return layoutOfShop(db, shop)
}

export async function putVoucherLayout(trx: Database, actor: Actor, shop: string, input: VoucherLayout): Promise<VoucherLayout> {
  await visibleShop(trx, actor, shop)
  const row = { shop_code: shop, accent_color: input.accentColor, background_color: input.backgroundColor, title: input.title, footer: input.footer, updated_at: new Date() }
  await trx.insertInto('voucher_layouts').values(row).onConflict((oc) => oc.column('shop_code').doUpdateSet(row)).execute()
  return layoutOfShop(trx, shop)
}
