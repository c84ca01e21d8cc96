/** The draft order API's shapes. */
import { Type, type Static } from 'typebox'
import { Code, Money, Sku } from '../http/schemas.ts'
import { Address, PaymentMethod } from '../orders/order.schemas.ts'
import { draftActionNames, draftStatuses } from './draft.machine.ts'

const Opt = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Optional(t)
const Nullable = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Union([t, Type.Null()])
const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] })

export const DraftCustomerRef = Type.Union([
  Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
  Type.Object({
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    phone: Opt(Type.String({ maxLength: 40 })),
  }, { additionalProperties: false }),
], { description: 'An existing customer by id, or a guest by e-mail' })

export const DraftLineInput = Type.Object({
  sku: Sku,
  quantity: Type.Integer({ minimum: 1, maximum: 100_000 }),
  unitPrice: Opt(Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Overrides the catalogue price (needs prices.override and a reason)' })),
  overrideReason: Opt(Type.String({ minLength: 1, maxLength: 500 })),
}, { additionalProperties: false })

export const B2bInput = Type.Object({
  poReference: Opt(Type.String({ maxLength: 100 })),
  costCentre: Opt(Type.String({ maxLength: 100 })),
  approver: Opt(Type.String({ maxLength: 200 })),
}, { additionalProperties: false })

const draftFields = {
  customer: Opt(Nullable(DraftCustomerRef)),
  lines: Opt(Type.Array(DraftLineInput, { maxItems: 500 })),
  billingAddress: Opt(Nullable(Address)),
  shippingAddress: Opt(Nullable(Address)),
  shippingCost: Opt(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
  note: Opt(Nullable(Type.String({ maxLength: 4000 }))),
  b2b: Opt(Nullable(B2bInput)),
  discountCodes: Opt(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 5, uniqueItems: true, description: 'Discount codes of the shop, used when the draft is placed' })),
}

export const CreateDraft = Type.Object({
  shop: Code,
  ...draftFields,
  source: Opt(Type.String({ maxLength: 40, description: 'phone, storefront, ...' })),
}, { additionalProperties: false })
export type CreateDraftInput = Static<typeof CreateDraft>

export const PatchDraft = Type.Object(draftFields, { additionalProperties: false })
export type PatchDraftInput = Static<typeof PatchDraft>

export const PlaceDraft = Type.Object({
  payment: Type.Object({
    method: PaymentMethod,
    capture: Opt(literals(['immediate', 'on_shipment'] as const)),
    token: Opt(Type.String({ minLength: 1, maxLength: 200 })),
  }, { additionalProperties: false }),
  customerNote: Opt(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false })
export type PlaceDraftInput = Static<typeof PlaceDraft>

export const HoldDraft = Type.Object({
  until: Type.String({ format: 'date-time', description: 'Stock stays reserved until then' }),
}, { additionalProperties: false })

export const AssignDraft = Type.Object({
  userId: Opt(Type.String({ maxLength: 64, description: 'Without it: the caller takes it over' })),
  note: Opt(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false })

export const DraftLine = Type.Object({
  sku: Type.String(), name: Type.String(), kind: Type.String(), quantity: Type.Integer(),
  unitPrice: Type.Integer(), cataloguePrice: Type.Integer(), overrideReason: Nullable(Type.String()),
  amount: Type.Integer(), tax: Type.Integer(),
  available: Type.Integer({ description: 'Free stock now, plus what this draft holds' }), enough: Type.Boolean(),
})

export const Draft = Type.Object({
  id: Type.String(), shop: Type.String(), status: literals(draftStatuses),
  customer: Nullable(Type.Object({ id: Nullable(Type.String()), email: Type.String(), name: Type.String() })),
  lines: Type.Array(DraftLine),
  billingAddress: Nullable(Address), shippingAddress: Nullable(Address), shippingCost: Type.Integer(),
  note: Nullable(Type.String()), source: Type.String(),
  b2b: Nullable(B2bInput),
  assignee: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  holdUntil: Nullable(Type.String()),
  reservations: Type.Array(Type.Object({ warehouse: Type.String(), sku: Type.String(), quantity: Type.Integer() })),
  handBackCode: Nullable(Type.String()),
  orderId: Nullable(Type.String()), quoteId: Nullable(Type.String()), consultationId: Nullable(Type.String()),
  discountCodes: Type.Array(Type.String()),
  totals: Type.Object({
    currency: Type.String(), subtotal: Type.Integer(), discount: Type.Integer(), shipping: Type.Integer(), tax: Type.Integer(), total: Type.Integer(), pricesIncludeTax: Type.Boolean(),
    discounts: Type.Array(Type.Object({ code: Type.String(), amount: Type.Integer() }), { description: 'What each code takes off if the draft is placed now' }),
    discountProblem: Nullable(Type.String({ description: 'Why the codes would be refused if the draft were placed now (expired, minimum not reached, ...)' })),
  }),
  allowedActions: Type.Array(literals(draftActionNames)),
  createdAt: Type.String(), updatedAt: Type.String(),
})

export const DraftSummary = Type.Object({
  id: Type.String(), shop: Type.String(), status: Type.String(), customerName: Nullable(Type.String()),
  lineCount: Type.Integer(), assignee: Nullable(Type.String()), holdUntil: Nullable(Type.String()), source: Type.String(),
  orderId: Nullable(Type.String()), updatedAt: Type.String(),
})

export const DeskHistoryEntry = Type.Object({
  at: Type.String(), type: Type.String(), action: Nullable(Type.String()), from: Nullable(Type.String()), to: Nullable(Type.String()),
  note: Nullable(Type.String()), actor: Type.Object({ kind: Type.String(), id: Type.String(), name: Type.String() }),
})
