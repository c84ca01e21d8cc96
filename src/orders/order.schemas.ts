/** The order API's shapes: what validates the requests and documents the responses. */
import { Type, type Static } from 'typebox'
import { maxAmount } from '../shared/money.ts'
import { Code, Currency, Money, Sku, Text } from '../http/schemas.ts'
import { deliveryActionNames, deliveryKinds, deliveryStatuses } from './delivery.machine.ts'
import { orderActionNames, orderStatuses, paymentMethods } from './order.machine.ts'
import { paymentStatuses } from '../payments/payment-status.ts'

const literals = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description && { description }) })

export const OrderStatus = literals(orderStatuses)
export const PaymentStatus = literals(paymentStatuses)
export const PaymentMethod = literals(paymentMethods)
const Optional = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Optional(t)

export const Address = Type.Object({
  name: Text(),
  company: Optional(Type.String({ maxLength: 200 })),
  street: Text(),
  street2: Optional(Type.String({ maxLength: 200 })),
  postalCode: Text(20),
  city: Text(100),
  region: Optional(Type.String({ maxLength: 100 })),
  country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  phone: Optional(Type.String({ maxLength: 40 })),
}, { additionalProperties: false })

const CustomerRef = Type.Union([
  Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
  Type.Object({
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Text(),
    phone: Optional(Type.String({ maxLength: 40 })),
  }, { additionalProperties: false }),
], { description: 'An existing customer by id, or a guest by e-mail (found or created)' })

export const PlaceOrder = Type.Object({
  shop: Code,
  customer: CustomerRef,
  billingAddress: Address,
  shippingAddress: Optional(Address),
  lines: Type.Array(Type.Object({
    sku: Sku,
    quantity: Type.Integer({ minimum: 1, maximum: 100_000 }),
    value: Optional(Type.Integer({ minimum: 1, maximum: 100_000_000, description: 'For a voucher whose value the customer chooses: the value of each one' })),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
  shippingCost: Optional(Money),
  currency: Optional(Currency),
  payment: Type.Object({
    method: PaymentMethod,
    capture: Optional(literals(['immediate', 'on_shipment'] as const)),
    token: Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Card token from the payment gateway' })),
  }, { additionalProperties: false }),
  vouchers: Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
    maxItems: 10, uniqueItems: true, description: 'Voucher codes paying (part of) the order before the payment method',
  })),
  customerNote: Optional(Type.String({ maxLength: 2000 })),
  discountCodes: Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 5, description: 'Discount codes of the shop to apply' })),
  source: Optional(Type.String({ maxLength: 40, description: 'Where the order came from: storefront, call centre, ...' })),
  customerIp: Optional(Type.String({ maxLength: 45, description: "The customer's IP address (IPv4 or IPv6) as the storefront saw it" })),
}, { additionalProperties: false })

const NoteText = Type.String({ maxLength: 2000 })
export const OrderActionBody = Type.Object({
  note: Optional(NoteText),
  clientNote: Optional(NoteText),
  reason: Optional(Type.String({ maxLength: 2000, description: 'Required for override-payment' })),
  notifyCustomer: Optional(Type.Boolean({ description: 'false: the customer is not e-mailed about this action (default true)' })),
  amount: Optional(Type.Integer({ minimum: 1, maximum: maxAmount, description: 'confirm-payment: amount received' })),
  lines: Optional(Type.Array(Type.Object({
    lineId: Type.String({ format: 'uuid' }),
    quantity: Type.Integer({ minimum: 1, maximum: 100_000 }),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 500, description: 'cancel-lines: which lines, how many of each' })),
}, { additionalProperties: false })

export const DeliveryActionBody = Type.Object({
  note: Optional(NoteText),
  clientNote: Optional(NoteText),
  carrier: Optional(Type.String({ minLength: 1, maxLength: 100 })),
  trackingNumber: Optional(Type.String({ minLength: 1, maxLength: 100 })),
}, { additionalProperties: false })

export const AddNote = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 4000 }),
  clientFacing: Optional(Type.Boolean()),
}, { additionalProperties: false })

const Line = Type.Object({
  id: Type.String(), lineNo: Type.Integer(), sku: Type.String(), name: Type.String(), kind: Type.String(),
  quantity: Type.Integer(), cancelledQuantity: Type.Integer(), unitPrice: Type.Integer(), taxRate: Type.Number(), amount: Type.Integer(), tax: Type.Integer(),
  discount: Type.Optional(Type.Integer({ description: "This line's share of the order's discount" })),
})

export const Delivery = Type.Object({
  id: Type.String(),
  number: Type.String(),
  kind: literals(deliveryKinds),
  status: literals(deliveryStatuses),
  warehouse: Type.Union([Type.String(), Type.Null()]),
  availableFrom: Type.Union([Type.String(), Type.Null()]),
  amount: Type.Integer(),
  lines: Type.Array(Type.Object({ lineId: Type.String(), sku: Type.String(), quantity: Type.Integer() })),
  carrier: Type.Union([Type.String(), Type.Null()]),
  trackingNumber: Type.Union([Type.String(), Type.Null()]),
  awaitingPayment: Type.Boolean(),
  shippedAt: Type.Union([Type.String(), Type.Null()]),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
  allowedActions: Type.Array(literals(deliveryActionNames)),
})

/** What identifies an order wherever it is shown: the full order and a row of the list. */
const orderHead = {
  id: Type.String(),
  number: Type.String(),
  invoiceNumber: Type.Union([Type.String(), Type.Null()]),
  shop: Type.String(),
  status: OrderStatus,
  paymentStatus: PaymentStatus,
  customer: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
}

export const Order = Type.Object({
  ...orderHead,
  billingAddress: Address,
  shippingAddress: Type.Union([Address, Type.Null()]),
  lines: Type.Array(Line),
  totals: Type.Object({
    currency: Type.String(), subtotal: Type.Integer(), discount: Type.Integer(), shipping: Type.Integer(),
    tax: Type.Integer(), total: Type.Integer(), pricesIncludeTax: Type.Boolean(),
    taxes: Type.Optional(Type.Array(Type.Object({ rate: Type.Number(), base: Type.Integer(), tax: Type.Integer() }), { description: 'Tax per rate: net base and tax' })),
    discountCodes: Type.Optional(Type.Array(Type.Object({ code: Type.String(), amount: Type.Integer() }))),
  }),
  payment: Type.Object({
    method: PaymentMethod,
    capture: Type.String(),
    authorized: Type.Integer(), captured: Type.Integer(), refunded: Type.Integer(), outstanding: Type.Integer(),
  }),
  deliveries: Type.Array(Delivery),
  allowedActions: Type.Array(literals(orderActionNames)),
  approvalReasons: Type.Array(Type.String()),
  source: Type.String(),
  customerIp: Type.Union([Type.String(), Type.Null()]),
  idempotencyKey: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})

export const OrderSummary = Type.Object({
  ...orderHead,
  paymentMethod: PaymentMethod,
  currency: Type.String(),
  total: Type.Integer(),
  captured: Type.Integer(),
  refunded: Type.Integer(),
  /** What is still to come in (the same figure as the order's payment.outstanding). */
  outstanding: Type.Integer(),
  /** The reminder level (0–2) while the order's invoice is chased, else null. */
  dunningLevel: Type.Union([Type.Integer(), Type.Null()]),
  allowedActions: Type.Array(literals(orderActionNames)),
  // Search (A12): the delivery city, shown when an address is searched.
  city: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  createdAt: Type.String({ format: 'date-time' }),
})

const NullableString = Type.Union([Type.String(), Type.Null()])

/** The order page's additional information (A32). */
export const OrderInfo = Type.Object({
  orderId: Type.String(),
  source: Type.String(),
  customerIp: NullableString,
  promotions: Type.Array(Type.Object({ code: Type.String(), amount: Type.Integer() })),
  exportBlock: Type.Object({ blocked: Type.Boolean(), note: NullableString, since: NullableString }),
  exports: Type.Array(Type.Object({
    state: Type.String({ description: 'The export state the cycle runs for: INITPAID, DELIVERY, CANCELLED, RETURNED' }),
    job: Type.String({ description: 'queued, running, done, failed or cancelled' }),
    attempts: Type.Integer(), held: Type.Boolean({ description: 'The cycle found the order blocked from export' }), lastError: NullableString, at: Type.String({ format: 'date-time' }),
  })),
  customer: Type.Object({
    id: Type.String(), blocked: Type.Boolean(), requiresApproval: Type.Boolean(),
    flagReason: NullableString, flaggedAt: NullableString,
  }),
})

/** A page of the order search (A12), with the count of matches on the first page. */
export const OrderPage = Type.Object({
  items: Type.Array(OrderSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  count: Type.Union([Type.Integer(), Type.Null()], { description: 'Matching orders, counted up to a cap (first page only)' }),
  countIsExact: Type.Boolean({ description: 'False when there are more than `count` matches' }),
})

export const HistoryEntry = Type.Object({
  at: Type.String({ format: 'date-time' }),
  type: Type.String(),
  action: Type.Union([Type.String(), Type.Null()]),
  from: Type.Union([Type.String(), Type.Null()]),
  to: Type.Union([Type.String(), Type.Null()]),
  deliveryId: Type.Union([Type.String(), Type.Null()]),
  actor: Type.Object({ kind: Type.String(), id: Type.String(), name: Type.String() }),
  note: Type.Union([Type.String(), Type.Null()]),
  clientNote: Type.Union([Type.String(), Type.Null()]),
})

export const PaymentTransaction = Type.Object({
  id: Type.String(),
  operation: Type.String(),
  amount: Type.Integer(),
  currency: Type.String(),
  status: Type.String(),
  reference: Type.Union([Type.String(), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  deliveryId: Type.Union([Type.String(), Type.Null()]),
  actor: Type.Object({ kind: Type.String(), id: Type.String(), name: Type.String() }),
  at: Type.String({ format: 'date-time' }),
})

export type PlaceOrderInput = Static<typeof PlaceOrder>
export type OrderApi = Static<typeof Order>
export type OrderSummaryApi = Static<typeof OrderSummary>
export type AddressInput = Static<typeof Address>
