/** Draft writes from the screens, and the line list they send back. */
import { api, post } from '../api.ts'
import type { Draft, DraftLine } from './types.ts'

export interface LineInput { sku: string; quantity: number; unitPrice?: number; overrideReason?: string }

/** The draft's lines as the API takes them back: agreed prices kept. */
export const linesOf = (lines: DraftLine[]): LineInput[] =>
  lines.map((l) => (l.overrideReason !== null ? { sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, overrideReason: l.overrideReason } : { sku: l.sku, quantity: l.quantity }))

export const patchDraft = (id: string, body: Record<string, unknown>) => api<Draft>('PATCH', `/drafts/${id}`, body)
export const draftAction = (id: string, action: string, body: Record<string, unknown> = {}) => post<Draft>(`/drafts/${id}/actions/${action}`, body)

/** "12.50" in a currency with 2 decimals -> 1250; NaN when it is not a number. */
export function toMinor(text: string, digits: number): number {
  const n = Number(text.replace(',', '.').trim())
  return text.trim() === '' || !Number.isFinite(n) || n < 0 ? Number.NaN : Math.round(n * 10 ** digits)
}
