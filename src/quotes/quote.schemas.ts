/** The quote API's shapes. */
import { Type, type Static } from 'typebox'
import { Code, Sku } from '../http/schemas.ts'
import { Address, PaymentMethod } from '../orders/order.schemas.ts'
import { quoteActionNames, quoteStatuses } from './quote.machine.ts'

const Opt = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Optional(t)
const Nullable = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Union([t, Type.Null()])
const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] })
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })

export const RequestQuote = Type.Object({
  shop: Code,
  customer: Type.Union([
    Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
    Type.Object({
      email: Type.String({ format: 'email', maxLength: 254 }), name: Type.String({ minLength: 1, maxLength: 200 }),
      phone: Opt(Type.String({ maxLength: 40 })), company: Opt(Type.String({ maxLength: 200 })),
    }, { additionalProperties: false }),
  ]),
  lines: Type.Array(Type.Object({ sku: Sku, quantity: Type.Integer({ minimum: 1, maximum: 100_000 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
  message: Opt(Type.String({ maxLength: 4000 })),
  poReference: Opt(Type.String({ maxLength: 100 })),
  costCentre: Opt(Type.String({ maxLength: 100 })),
}, { additionalProperties: false })
export type RequestQuoteInput = Static<typeof RequestQuote>

export const NegotiateQuote = Type.Object({
  lines: Opt(Type.Array(Type.Object({
    sku: Sku, quantity: Type.Integer({ minimum: 1, maximum: 100_000 }),
    unitPrice: Opt(Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'The negotiated unit price; without it the catalogue price' })),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 500 })),
  validUntil: Opt(Day),
  poReference: Opt(Type.String({ maxLength: 100 })),
  costCentre: Opt(Type.String({ maxLength: 100 })),
}, { additionalProperties: false })
export type NegotiateQuoteInput = Static<typeof NegotiateQuote>

export const QuoteActionBody = Type.Object({
  note: Opt(Type.String({ maxLength: 2000 })),
  validUntil: Opt(Day),
}, { additionalProperties: false })

export const OrderQuote = Type.Object({
  billingAddress: Address,
  shippingAddress: Opt(Address),
  payment: Type.Object({
    method: PaymentMethod,
    capture: Opt(literals(['immediate', 'on_shipment'] as const)),
    token: Opt(Type.String({ minLength: 1, maxLength: 200 })),
  }, { additionalProperties: false }),
  approver: Opt(Type.String({ maxLength: 200, description: 'Who authorised the purchase at the customer' })),
  shippingCost: Opt(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
}, { additionalProperties: false })
export type OrderQuoteInput = Static<typeof OrderQuote>

export const Quote = Type.Object({
  id: Type.String(), number: Type.String(), shop: Type.String(), status: literals(quoteStatuses),
  customer: Type.Object({ id: Nullable(Type.String()), email: Type.String(), name: Type.String(), phone: Nullable(Type.String()), company: Nullable(Type.String()) }),
  lines: Type.Array(Type.Object({
    sku: Type.String(), name: Type.String(), quantity: Type.Integer(), cataloguePrice: Type.Integer(), unitPrice: Type.Integer(), amount: Type.Integer(),
  })),
  totals: Type.Object({ currency: Type.String(), subtotal: Type.Integer(), tax: Type.Integer(), total: Type.Integer(), pricesIncludeTax: Type.Boolean() }),
  message: Nullable(Type.String()), poReference: Nullable(Type.String()), costCentre: Nullable(Type.String()),
  validUntil: Nullable(Type.String()), orderId: Nullable(Type.String()),
  allowedActions: Type.Array(literals(quoteActionNames)),
  createdAt: Type.String(), updatedAt: Type.String(),
})
