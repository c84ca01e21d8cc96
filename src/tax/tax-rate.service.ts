/** Reading and replacing a shop's table of tax rates. */
import type { Database } from '../db/database.ts'
import type { Actor } from '../auth/actor.ts'
import { recordAudit } from '../auth/audit.ts'
import { DomainError } from '../http/errors.ts'
import { visibleShopCode } from '../shops/shop-profile.ts'
import { basisPointsToPercent, percentToBasisPoints } from '../shared/money.ts'

export interface TaxRateApi { country: string; taxClass: string; rate: number }

export async function listTaxRates(db: Database, actor: Actor, code: string): Promise<TaxRateApi[]> {
  const shop = await visibleShopCode(db, actor, code)
  const rows = await db.selectFrom('tax_rates').selectAll().where('shop_code', '=', shop).orderBy('country').orderBy('tax_class').execute()
  return rows.map((r) => ({ country: r.country, taxClass: r.tax_class, rate: basisPointsToPercent(r.rate_bp) }))
}

export async function replaceTaxRates(trx: Database, actor: Actor, code: string, rates: TaxRateApi[]): Promise<TaxRateApi[]> {
  const shop = await visibleShopCode(trx, actor, code)
  const seen = new Set<string>()
  rates.forEach((r, i) => {
    const key = `${r.country}/${r.taxClass}`
    if (seen.has(key)) throw new DomainError('validation_failed', `rates/${i}: ${key} is given twice`, { errors: [{ path: `rates/${i}`, message: `${key} is given twice` }] })
    seen.add(key)
    if (Math.abs(r.rate * 100 - Math.round(r.rate * 100)) > 1e-9) throw new DomainError('validation_failed', `rates/${i}/rate has at most two decimals`, { errors: [{ path: `rates/${i}/rate`, message: 'at most two decimals' }] })
  })
  await trx.deleteFrom('tax_rates').where('shop_code', '=', shop).execute()
  if (rates.length) {
    await trx.insertInto('tax_rates').values(rates.map((r) => ({ shop_code: shop, country: r.country, tax_class: r.taxClass, rate_bp: percentToBasisPoints(r.rate) }))).execute()
  }
  await recordAudit(trx, actor, 'shop.tax_rates_replaced', 'shop', shop, { rates })
  return listTaxRates(trx, actor, shop)
}
