/** Request and response shapes of order edits. */
import { Type } from 'typebox'
import { Id, Sku } from '../../http/schemas.ts'
import { Address, Order } from '../order.schemas.ts'

const Quantity = Type.Integer({ minimum: 1, maximum: 100_000 })
const kind = <T extends string>(t: T) => Type.Literal(t)
const strict = { additionalProperties: false } as const

export const EditChange = Type.Union([
  Type.Object({ type: kind('set_address'), which: Type.Union([Type.Literal('billing'), Type.Literal('shipping')]), address: Address }, strict),
  Type.Object({
    type: kind('set_customer_contact'),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
  }, strict),
  Type.Object({ type: kind('set_quantity'), lineId: Id, quantity: Type.Integer({ minimum: 0, maximum: 100_000 }) }, strict),
  Type.Object({ type: kind('add_line'), sku: Sku, quantity: Quantity }, strict),
  Type.Object({ type: kind('remove_line'), lineId: Id }, strict),
  Type.Object({ type: kind('substitute_line'), lineId: Id, sku: Sku }, strict),
  Type.Object({
    type: kind('split_delivery'), deliveryId: Id,
    lines: Type.Array(Type.Object({ lineId: Id, quantity: Quantity }, strict), { minItems: 1, maxItems: 200 }),
  }, strict),
])

const NoteText = Type.String({ maxLength: 2000 })
export const EditOrder = Type.Object({
  changes: Type.Array(EditChange, { minItems: 1, maxItems: 100 }),
  note: Type.Optional(NoteText),
  clientNote: Type.Optional(NoteText),
  notifyCustomer: Type.Optional(Type.Boolean()),
}, strict)

const Amounts = Type.Object({ subtotal: Type.Integer(), tax: Type.Integer(), total: Type.Integer() })
export const EditResult = Type.Object({
  dryRun: Type.Boolean(),
  changes: Type.Array(Type.String()),
  before: Amounts,
  after: Amounts,
  paymentDifference: Type.Object({
    amount: Type.Integer({ description: 'Positive: the customer pays more; negative: the customer gets money back' }),
    action: Type.Union(['none', 'refund', 'capture', 'covered', 'owed'].map((a) => Type.Literal(a))),
    currency: Type.String(),
  }),
  order: Order,
})
