/**
 * Dates from requests, read strictly. JavaScript's Date rolls 2026-02-31 over to March 3
 * and accepts year -271821, which PostgreSQL cannot store: a filter must mean what it says
 * or be refused.
 */
const day = /^(\d{4})-(\d{2})-(\d{2})$/
const dateTime = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/

/** The earliest and latest years a date in Ordo may have. */
const years = { min: 1900, max: 9999 }

/** The instant a date (`YYYY-MM-DD`, midnight UTC) or date-time means, or undefined when it is no real one. */
export function parseStrictDate(value: string): { date: Date; dayOnly: boolean } | undefined {
  const match = day.exec(value) ?? dateTime.exec(value)
  if (!match) return undefined
  const [year, month, dayOfMonth] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (year < years.min || year > years.max || month < 1 || month > 12) return undefined
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (dayOfMonth < 1 || dayOfMonth > daysInMonth) return undefined
  const dayOnly = match.length === 4
  const date = new Date(dayOnly ? `${value}T00:00:00Z` : value)
  return Number.isNaN(date.getTime()) ? undefined : { date, dayOnly }
}

/** A calendar day (`YYYY-MM-DD`) plus `days` (negative: before it). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}
