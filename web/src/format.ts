/** Words, money and dates as the people of a shop read them. */
import type { Shop } from './types.ts'

/** Until shops carry a locale of their own, their currency says where they sell. */
const localeOfCurrency: Record<string, string> = {
  CHF: 'de-CH', EUR: 'de-DE', GBP: 'en-GB', USD: 'en-US', SEK: 'sv-SE', NOK: 'nb-NO', DKK: 'da-DK', PLN: 'pl-PL', JPY: 'ja-JP',
}
export const localeOf = (shop?: Pick<Shop, 'currency' | 'locale'>, currency?: string): string =>
  shop?.locale ?? localeOfCurrency[shop?.currency ?? currency ?? ''] ?? navigator.language

const digitsCache = new Map<string, number>()
/** Minor units per major unit: 2 for CHF (Rappen), 0 for JPY. */
export function fractionDigits(currency: string): number {
  let d = digitsCache.get(currency)
  if (d === undefined) {
    try { d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2 } catch { d = 2 }
    digitsCache.set(currency, d)
  }
  return d
}

/** Amounts come from the API in minor units (3780 = CHF 37.80). */
export function money(amount: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount / 10 ** fractionDigits(currency))
  } catch {
    return `${currency} ${(amount / 100).toFixed(2)}`
  }
}

export function dateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '–'
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
}

export function date(iso: string | null | undefined, locale: string): string {
  if (!iso) return '–'
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso))
}

/** `awaiting_approval` -> `Awaiting approval`. */
export const words = (code: string | null | undefined): string =>
  code ? code.charAt(0).toUpperCase() + code.slice(1).replace(/[_-]/g, ' ') : '–'

export const orderStatuses = ['awaiting_approval', 'awaiting_payment', 'in_progress', 'partially_shipped', 'completed', 'cancelled', 'returned'] as const
export const paymentStatuses = ['unpaid', 'advised', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided'] as const

/** The labels the state machines give their actions (src/orders/*.machine.ts). */
export const actionLabels: Record<string, string> = {
  approve: 'Approve', 'confirm-payment': 'Confirm payment', 'advise-payment': 'Payment advised',
  'override-payment': 'Override payment', 'cancel-lines': 'Cancel lines', cancel: 'Cancel order', return: 'Return',
  pack: 'Pack', ready: 'Ready to ship', ship: 'Ship', deliver: 'Mark delivered',
  // After the sale (history entries)
  'return-authorize': 'Return authorised', 'return-receive': 'Return received', 'return-refund': 'Return refunded',
  'return-cancel': 'Return cancelled', refund: 'Refund', edit: 'Order edited', tracking: 'Tracking corrected',
}
export const actionLabel = (action: string) => actionLabels[action] ?? words(action)

/** What a history entry did, in a few words. */
export function historyWhat(e: { type: string; action: string | null; from: string | null; to: string | null }): string {
  if (e.type === 'note') return e.action === 'client_note' ? 'Client-facing note' : 'Note'
  if (e.type === 'payment') return `Payment ${e.action ?? ''}: ${words(e.to)}`
  const action = e.action ? (actionLabels[e.action] ?? words(e.action)) : words(e.type)
  const move = e.from || e.to ? ` (${e.from ? words(e.from) : 'new'} → ${words(e.to)})` : ''
  return `${e.type === 'delivery' ? 'Delivery: ' : ''}${action}${move}`
}

/** Badge colour family for a status. */
export function tone(status: string): 'ok' | 'warn' | 'bad' | 'info' | 'muted' {
  if (['completed', 'paid', 'delivered', 'succeeded'].includes(status)) return 'ok'
  if (['awaiting_approval', 'awaiting_payment', 'unpaid', 'advised', 'partially_paid', 'awaiting_inventory', 'pending'].includes(status)) return 'warn'
  if (['cancelled', 'failed', 'declined', 'voided', 'refunded', 'returned', 'partially_refunded'].includes(status)) return 'bad'
  if (['in_progress', 'partially_shipped', 'shipped', 'authorized', 'packing', 'ready_to_ship', 'allocated'].includes(status)) return 'info'
  return 'muted'
}

/**
 * A server message in plain words: `"ship" is not possible while the delivery is ready_to_ship`
 * becomes `Ship is not possible while the delivery is ready to ship`.
 */
export function plainWords(message: string): string {
  return message
    .replace(/"([a-z][a-z-]*)"/g, (_, code: string) => actionLabels[code] ?? words(code))
    .replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (code) => code.replace(/_/g, ' '))
}

/** Day, month and year in the order a locale writes them, e.g. `dd.mm.yyyy` for de-CH. */
export function datePattern(locale: string): string {
  const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(new Date(2001, 10, 22))
  return parts.map((p) => (p.type === 'day' ? 'dd' : p.type === 'month' ? 'mm' : p.type === 'year' ? 'yyyy' : p.value)).join('')
}

/** `2026-12-05` as the locale writes it (`05.12.2026` in de-CH). */
export function isoToLocalDate(iso: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return iso
  return datePattern(locale).replace('yyyy', m[1]).replace('mm', m[2]).replace('dd', m[3])
}

/** What someone typed in the locale's order back to `yyyy-mm-dd`; undefined when it is not a date. */
export function localDateToIso(text: string, locale: string): string | undefined {
  const t = text.trim()
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t
  const order = datePattern(locale).match(/dd|mm|yyyy/g) ?? ['dd', 'mm', 'yyyy']
  const nums = t.split(/\D+/).filter(Boolean)
  if (nums.length !== 3) return undefined
  const at = (k: string) => Number(nums[order.indexOf(k)])
  let [y, mo, d] = [at('yyyy'), at('mm'), at('dd')]
  if (y < 100) y += 2000
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined
  return date.toISOString().slice(0, 10)
}
