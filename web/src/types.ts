/** The API's shapes, as the UI reads them (see /openapi.json). */
export interface Me {
  kind: string; id: string; name: string; email: string | null; role: string
  permissions: string[]; shops: string[] | null
}
export interface Shop {
  code: string; name: string; currency: string; pricesIncludeTax: boolean; locale?: string
  settings: {
    orderNumberPrefix: string; orderNumberStart: number; invoiceNumberPrefix: string; invoiceNumberStart: number
    invoiceNumbersEnabled: boolean; requireApproval: boolean; approvalThreshold: number | null; capturePer: 'delivery' | 'order'
  }
  createdAt: string; updatedAt: string
}
export interface Party { id: string; email: string; name: string }
export interface OrderSummary {
  id: string; number: string; invoiceNumber: string | null; shop: string; status: string; paymentStatus: string
  paymentMethod: string; customer: Party; currency: string; total: number; captured: number; refunded: number
  allowedActions: string[]; createdAt: string
  /** What is still to come in, and the reminder level while the invoice is chased (else null). */
  outstanding: number; dunningLevel: number | null
  /** Search (A12): the delivery city, shown on @ searches. */
  city?: string | null
}
export interface OrderPage { items: OrderSummary[]; nextCursor: string | null; count?: number | null; countIsExact?: boolean }
export interface Address {
  name: string; company?: string; street: string; street2?: string; postalCode: string; city: string
  region?: string; country: string; phone?: string
}
export interface Line {
  id: string; lineNo: number; sku: string; name: string; kind: string; quantity: number; cancelledQuantity: number
  unitPrice: number; taxRate: number; amount: number; tax: number
}
export interface Delivery {
  id: string; number: string; kind: string; status: string; warehouse: string | null; availableFrom: string | null
  amount: number; lines: { lineId: string; sku: string; quantity: number }[]; carrier: string | null
  trackingNumber: string | null; awaitingPayment: boolean; shippedAt: string | null; deliveredAt: string | null
  allowedActions: string[]
}
export interface Order {
  id: string; number: string; invoiceNumber: string | null; shop: string; status: string; paymentStatus: string
  customer: Party; billingAddress: Address; shippingAddress: Address | null; lines: Line[]
  totals: { currency: string; subtotal: number; discount: number; shipping: number; tax: number; total: number; pricesIncludeTax: boolean }
  payment: { method: string; capture: string; authorized: number; captured: number; refunded: number; outstanding: number }
  deliveries: Delivery[]; allowedActions: string[]; approvalReasons: string[]; source: string
  idempotencyKey: string | null; version: number; createdAt: string; updatedAt: string
}
export interface Actor { kind: string; id: string; name: string }
export interface HistoryEntry {
  at: string; type: string; action: string | null; from: string | null; to: string | null; deliveryId: string | null
  actor: Actor; note: string | null; clientNote: string | null
}
export interface Transaction {
  id: string; operation: string; amount: number; currency: string; status: string; reference: string | null
  message: string | null; deliveryId: string | null; actor: Actor; at: string
}
export interface Customer {
  id: string; email: string; name: string; phone: string | null; requiresApproval: boolean; blocked: boolean
  shops: string[]; createdAt: string; updatedAt: string
  tags?: string[]; orderCount?: number; lifetimeValue?: { currency: string; amount: number }[]; erasedAt?: string | null
}
export interface Warehouse { code: string; name: string; priority: number; createdAt: string }
export interface Product { sku: string; name: string; kind: string; prices: Record<string, number> }
export interface Stock {
  sku: string; onHand: number; reserved: number; available: number
  levels: { warehouse: string; onHand: number; reserved: number; available: number }[]
}
export interface List<T> { items: T[] }
