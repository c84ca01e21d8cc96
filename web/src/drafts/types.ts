/** The shapes of drafts, quotes and consultation requests as the API sends them. */
import type { Address } from '../types.ts'

export interface DraftLine {
  sku: string; name: string; kind: string; quantity: number; unitPrice: number; cataloguePrice: number
  overrideReason: string | null; amount: number; tax: number; available: number; enough: boolean
}
export type CustomerRef = { id: string } | { email: string; name: string; phone?: string }
export interface Draft {
  id: string; shop: string; status: string
  customer: { id: string | null; email: string; name: string } | null
  lines: DraftLine[]; billingAddress: Address | null; shippingAddress: Address | null; shippingCost: number
  note: string | null; source: string; b2b: { poReference?: string; costCentre?: string; approver?: string } | null
  assignee: { id: string; name: string } | null; holdUntil: string | null
  reservations: { warehouse: string; sku: string; quantity: number }[]
  handBackCode: string | null; orderId: string | null; quoteId: string | null; consultationId: string | null
  discountCodes: string[]
  totals: {
    currency: string; subtotal: number; discount: number; shipping: number; tax: number; total: number; pricesIncludeTax: boolean
    discounts: { code: string; amount: number }[]; discountProblem: string | null
  }
  allowedActions: string[]; createdAt: string; updatedAt: string
}
export interface DraftSummary {
  id: string; shop: string; status: string; customerName: string | null; lineCount: number; assignee: string | null
  holdUntil: string | null; source: string; orderId: string | null; updatedAt: string
}
export interface CatalogueItem { sku: string; name: string; kind: string; price: number; available: number }
export interface DeskEntry {
  at: string; type: string; action: string | null; from: string | null; to: string | null; note: string | null
  actor: { kind: string; id: string; name: string }
}
export interface Quote {
  id: string; number: string; shop: string; status: string
  customer: { id: string | null; email: string; name: string; phone: string | null; company: string | null }
  lines: { sku: string; name: string; quantity: number; cataloguePrice: number; unitPrice: number; amount: number }[]
  totals: { currency: string; subtotal: number; tax: number; total: number; pricesIncludeTax: boolean }
  message: string | null; poReference: string | null; costCentre: string | null; validUntil: string | null; orderId: string | null
  allowedActions: string[]; createdAt: string; updatedAt: string
}
export interface QuoteSummary {
  id: string; number: string; shop: string; status: string; customerName: string; company: string | null; lineCount: number
  poReference: string | null; validUntil: string | null; orderId: string | null; createdAt: string
}
export interface Consultation {
  id: string; shop: string; status: string; contact: { name: string; email: string; phone: string | null }
  message: string; products: { sku: string; name: string }[]; preferredTime: string | null
  assignee: { id: string; name: string } | null; draftId: string | null; waitingMinutes: number
  allowedActions: string[]; createdAt: string; updatedAt: string
}
