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
  'override-payment': 'Override payment', 'cancel-lines': 'Cancel lines', cancel: 'Cancel', return: 'Return',
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
