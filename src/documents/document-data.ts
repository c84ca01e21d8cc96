/**
 * What a document shows, frozen when it is issued: the snapshot is stored with the PDF, so
 * a document never changes with later changes to the order, the shop or its settings.
 */
import type { OrderState } from '../orders/order.repo.ts'
import type { ShopProfileRow } from '../shops/shop-profile.ts'
import type { Address } from '../db/schema.ts'
import type { TaxLine } from '../tax/tax-summary.ts'

export type DocumentKind = 'invoice' | 'credit_note' | 'packing_slip'

export interface DocumentLine {
  lineId: string
  sku: string
  name: string
  quantity: number
  /** Unit price, in the shop's price basis (gross or net). */
  unitPrice?: number
  /** The line's amount before its discount, and the discount; in the shop's price basis. */
  amount?: number
  discount?: number
  tax?: number
  rateBp?: number
}

export interface Seller {
  name: string
  address: Address | null
  vatId: string | null
  iban: string | null
  bic: string | null
  email: string | null
}

export interface DocumentData {
  kind: DocumentKind
  number: string
  issuedAt: string
  locale: string
  timeZone: string
  currency: string
  pricesIncludeTax: boolean
  seller: Seller
  orderId: string
  orderNumber: string
  billingAddress: Address
  shippingAddress: Address | null
  lines: DocumentLine[]
  /** Money documents only. */
  subtotal?: number
  discount?: number
  discountCodes?: { code: string; amount: number }[]
  shipping?: { amount: number; discount: number; tax: number; rateBp: number } | null
  taxes?: TaxLine[]
  tax?: number
  total?: number
  paymentMethod?: string
  dueDate?: string | null
  /** Credit notes: which invoice they correct, and why. */
  invoiceNumber?: string
  reason?: string
  /** Packing slips: which delivery. */
  deliveryId?: string
  deliveryNumber?: string
}

export function sellerOf(shopName: string, p: ShopProfileRow): Seller {
  return { name: p.legal_name ?? shopName, address: p.address, vatId: p.vat_id, iban: p.iban, bic: p.bic, email: p.email }
}

type Base = Pick<DocumentData, 'issuedAt' | 'locale' | 'timeZone' | 'currency' | 'pricesIncludeTax' | 'seller' | 'orderId' | 'orderNumber' | 'billingAddress' | 'shippingAddress'>

export function baseOf(order: OrderState, seller: Seller, p: ShopProfileRow, at: Date): Base {
  const o = order.row
  return {
    issuedAt: at.toISOString(), locale: p.locale, timeZone: p.time_zone, currency: o.currency, pricesIncludeTax: o.prices_include_tax,
    seller, orderId: o.id, orderNumber: o.number, billingAddress: o.billing_address, shippingAddress: o.shipping_address,
  }
}
