/** The shop's time zone, in which analytics count days, weeks and months. */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { seesShop, type Actor } from '../auth/actor.ts'

export const DEFAULT_TIME_ZONE = 'UTC'

export interface ShopForAnalytics { code: string; currency: string; timeZone: string }

/**
 * The shop, if the actor sees it, with its time zone. The setting is read from the row as
 * JSON, so it is found whatever the shop settings call it, and UTC stands in until it is set.
 */
export async function shopForAnalytics(db: Database, actor: Actor, code: string): Promise<ShopForAnalytics> {
  const row = seesShop(actor, code)
    ? await sql<{ code: string; currency: string; tz: string | null }>`
        select s.code, s.currency, coalesce(to_jsonb(s)->>'time_zone', to_jsonb(s)->>'timezone') as tz
        from shops s where s.code = ${code}`.execute(db).then((r) => r.rows[0])
    : undefined
  if (!row) throw new DomainError('shop_not_found', `There is no shop "${code}"`)
  return { code: row.code, currency: row.currency, timeZone: await validTimeZone(db, row.tz) }
}

async function validTimeZone(db: Database, tz: string | null): Promise<string> {
  if (!tz) return DEFAULT_TIME_ZONE
  const known = await sql<{ one: number }>`select 1 as one from pg_timezone_names where name = ${tz}`.execute(db)
  return known.rows.length ? tz : DEFAULT_TIME_ZONE
}
