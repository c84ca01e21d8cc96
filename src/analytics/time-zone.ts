/** The shop's time zone, in which analytics count days, weeks and months. */
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { seesShop, type Actor } from '../auth/actor.ts'
import { DEFAULT_SHOP_TIME_ZONE } from '../shops/shop-profile.ts'

export interface ShopForAnalytics { code: string; currency: string; timeZone: string }

/**
 * The shop, if the actor sees it, with the time zone of its settings (the one its documents
 * and reminders use; Europe/Zurich until the shop sets another).
 */
export async function shopForAnalytics(db: Database, actor: Actor, code: string): Promise<ShopForAnalytics> {
  const row = seesShop(actor, code)
    ? await db.selectFrom('shops').leftJoin('shop_profiles as p', 'p.shop_code', 'shops.code')
      .select(['shops.code', 'shops.currency', 'p.time_zone']).where('shops.code', '=', code).executeTakeFirst()
    : undefined
  if (!row) throw new DomainError('shop_not_found', `There is no shop "${code}"`)
  return { code: row.code, currency: row.currency, timeZone: row.time_zone ?? DEFAULT_SHOP_TIME_ZONE }
}
