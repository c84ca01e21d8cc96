/** Currencies by their own exponent: CHF and EUR have 2 decimals, JPY none. Amounts are minor units. */
const exponents = new Map<string, number>()

/** The number of decimals of the currency's minor unit (ISO 4217), e.g. 2 for CHF, 0 for JPY. */
export function exponentOf(currency: string): number {
  let e = exponents.get(currency)
  if (e === undefined) {
    try {
      e = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
    } catch {
      e = 2
    }
    exponents.set(currency, e)
  }
  return e
}

/** Minor units as a plain decimal, e.g. (123456, 'CHF') -> "1234.56", (1234, 'JPY') -> "1234". */
export function decimalOf(minor: number, currency: string): string {
  const e = exponentOf(currency)
  if (e === 0) return String(minor)
  const sign = minor < 0 ? '-' : ''
  const digits = String(Math.abs(minor)).padStart(e + 1, '0')
  return `${sign}${digits.slice(0, -e)}.${digits.slice(-e)}`
}

/** Minor units formatted for a locale, e.g. (123456, 'CHF', 'de-CH') -> "CHF 1’234.56". */
// Making an Intl formatter costs far more than using one: they are kept per setting
// (a handful of locales, currencies and time zones).
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>()
function formatter<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined
  if (!f) { f = make(); formatters.set(key, f) }
  return f
}

export function formatMoney(minor: number, currency: string, locale: string): string {
  const e = exponentOf(currency)
  return formatter(`money|${locale}|${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: e, maximumFractionDigits: e }))
    .format(Number(decimalOf(minor, currency)))
}

/** A date in the shop's time zone and language, e.g. "5.12.2026". */
export function formatDate(at: Date | string, locale: string, timeZone: string): string {
  return formatter(`date|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).format(new Date(at))
}

/** The calendar day (YYYY-MM-DD) it is at `at` in the shop's time zone: "today" for the shop. */
export function dayIn(at: Date, timeZone: string): string {
  return formatter(`day|${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).format(at)
}

export const isTimeZone = (tz: string) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true } catch { return false } }
export const isLocale = (l: string) => { try { return Intl.NumberFormat.supportedLocalesOf([l]).length > 0 } catch { return false } }
