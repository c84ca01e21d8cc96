/** A period of local days (in the shop's time zone), and the one of equal length just before it. */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { addDays } from '../shared/dates.ts'

export interface Period { from: string; to: string }

const DAY = 86_400_000
const MAX_DAYS = 3660
const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))
const length = (p: Period) => Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / DAY) + 1

/** `from` and `to` (both included); by default the 30 days up to today in the shop's time zone. */
export async function periodOf(db: Database, timeZone: string, from?: string, to?: string): Promise<Period> {
  for (const [field, value] of [['from', from], ['to', to]] as const) {
    if (value !== undefined && !isDay(value)) {
      throw new DomainError('validation_failed', `${field}: not a date`, { errors: [{ in: 'querystring', path: field, message: 'must be a date, YYYY-MM-DD' }] })
    }
  }
  const today = to ?? (await sql<{ day: string }>`select (now() at time zone ${timeZone})::date::text as day`.execute(db)).rows[0].day
  const period = { from: from ?? addDays(today, -29), to: today }
  const days = length(period)
  if (days < 1 || days > MAX_DAYS) {
    throw new DomainError('validation_failed', `from/to: the period must run forwards and last at most ${MAX_DAYS} days`,
      { errors: [{ in: 'querystring', path: 'from', message: 'must be on or before to, within ten years' }] })
  }
  return period
}

/** The period of the same length that ends the day before this one starts. */
export function previousPeriod(p: Period): Period {
  return { from: addDays(p.from, -length(p)), to: addDays(p.from, -1) }
}
