import { Type, type Static } from 'typebox'
import { Money, Sku, Text } from '../http/schemas.ts'

const Prices = Type.Record(Type.String({ pattern: '^[A-Z]{3}$' }), Money, {
  description: 'Price per currency in minor units, e.g. {"CHF": 2990}', minProperties: 1,
})
const TaxRate = Type.Number({ minimum: 0, maximum: 100, description: 'Percent, e.g. 8.1' })
const TaxClass = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$', description: "Picks the shop's rate for the destination: standard, reduced, zero, ..." })
// Vouchers (A20) and licences (A21) are delivered electronically and issue what they sell on payment.
const Kind = Type.Union([Type.Literal('physical'), Type.Literal('electronic'), Type.Literal('voucher'), Type.Literal('licence')])
const AvailableFrom = Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'Release date of a pre-order product' })

export const Product = Type.Object({
  sku: Type.String(),
  name: Type.String(),
  kind: Kind,
  prices: Type.Record(Type.String(), Type.Integer()),
  taxRate: Type.Number(),
  taxClass: Type.Optional(Type.String()),
  backorder: Type.Boolean(),
  availableFrom: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})

export const CreateProduct = Type.Object({
  sku: Sku,
  name: Text(),
  kind: Kind,
  prices: Prices,
  taxRate: TaxRate,
  taxClass: Type.Optional(TaxClass),
  backorder: Type.Optional(Type.Boolean({ description: 'May be ordered when out of stock' })),
  availableFrom: Type.Optional(AvailableFrom),
}, { additionalProperties: false })

export const UpdateProduct = Type.Object({
  name: Type.Optional(Text()),
  prices: Type.Optional(Prices),
  taxRate: Type.Optional(TaxRate),
  taxClass: Type.Optional(TaxClass),
  backorder: Type.Optional(Type.Boolean()),
  availableFrom: Type.Optional(AvailableFrom),
}, { additionalProperties: false })

export type ProductApi = Static<typeof Product>
export type CreateProductInput = Static<typeof CreateProduct>
export type UpdateProductInput = Static<typeof UpdateProduct>
