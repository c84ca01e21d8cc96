import { Type, type Static } from 'typebox'
import { Text } from '../http/schemas.ts'

export const Customer = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  requiresApproval: Type.Boolean(),
  blocked: Type.Boolean(),
  shops: Type.Array(Type.String(), { description: 'The shops the customer ordered in or was added for' }),
  tags: Type.Optional(Type.Array(Type.String())),
  orderCount: Type.Optional(Type.Integer()),
  lifetimeValue: Type.Optional(Type.Array(Type.Object({ currency: Type.String(), amount: Type.Integer() }), { description: 'Per currency: orders net of refunds, cancelled ones not counted' })),
  erasedAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})

const fields = {
  email: Type.String({ format: 'email', maxLength: 254 }),
  name: Text(),
  phone: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
  requiresApproval: Type.Optional(Type.Boolean({ description: "Every order of this customer waits for approval" })),
  blocked: Type.Optional(Type.Boolean({ description: "This customer's orders are held for approval" })),
}

export const CreateCustomer = Type.Object({
  ...fields,
  shop: Type.Optional(Type.String({ maxLength: 24, description: 'The shop the customer is added for' })),
}, { additionalProperties: false })
export const UpdateCustomer = Type.Partial(Type.Object({
  ...fields,
  reason: Type.String({ minLength: 3, maxLength: 500, description: 'Why a flag changes: required when requiresApproval or blocked changes' }),
}), { additionalProperties: false })

export type CustomerApi = Static<typeof Customer>
export type CreateCustomerInput = Static<typeof CreateCustomer>
export type UpdateCustomerInput = Static<typeof UpdateCustomer>
