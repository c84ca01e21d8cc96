import { Type, type Static } from 'typebox'
import { Code, Money } from '../http/schemas.ts'

const DiscountCode = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$', description: 'What the customer types; letters, digits, _ and -' })
const Kind = Type.Union([Type.Literal('percent'), Type.Literal('amount'), Type.Literal('free_shipping')])
const When = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])
const Limit = Type.Union([Type.Integer({ minimum: 0, maximum: 10_000_000 }), Type.Null()])

const editable = {
  value: Type.Number({ minimum: 0, maximum: 1_000_000_000_000, description: 'percent: 0-100 (two decimals); amount: minor units; free_shipping: 0' }),
  minTotal: Type.Union([Money, Type.Null()], { description: 'Goods worth at least this much (minor units)' }),
  validFrom: When,
  validTo: When,
  usageLimit: Limit,
  perCustomerLimit: Limit,
  active: Type.Boolean(),
}

export const CreateDiscount = Type.Object({
  shop: Code, code: DiscountCode, kind: Kind,
  ...Object.fromEntries(Object.entries(editable).map(([k, v]) => [k, Type.Optional(v)])) as { [K in keyof typeof editable]: ReturnType<typeof Type.Optional<(typeof editable)[K]>> },
}, { additionalProperties: false })
export const UpdateDiscount = Type.Partial(Type.Object(editable), { additionalProperties: false })

export const Discount = Type.Object({
  id: Type.String(), shop: Type.String(), code: Type.String(), kind: Type.String(),
  value: Type.Number(), minTotal: Type.Union([Type.Integer(), Type.Null()]),
  validFrom: Type.Union([Type.String(), Type.Null()]), validTo: Type.Union([Type.String(), Type.Null()]),
  usageLimit: Type.Union([Type.Integer(), Type.Null()]), perCustomerLimit: Type.Union([Type.Integer(), Type.Null()]),
  usedCount: Type.Integer(), active: Type.Boolean(), createdAt: Type.String(), updatedAt: Type.String(),
})

export type CreateDiscountInput = Static<typeof CreateDiscount>
export type UpdateDiscountInput = Static<typeof UpdateDiscount>
export type DiscountApi = Static<typeof Discount>
