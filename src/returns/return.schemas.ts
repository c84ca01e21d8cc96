/** Request and response shapes of returns and refunds. */
import { Type } from 'typebox'
import { Code, Id, Money, Text } from '../http/schemas.ts'
import { maxAmount } from '../shared/money.ts'
import { returnActionNames, returnStatuses } from './return.machine.ts'

const Quantity = Type.Integer({ minimum: 1, maximum: 100_000 })
const NoteText = Type.String({ maxLength: 2000 })
const Notes = { note: Type.Optional(NoteText), clientNote: Type.Optional(NoteText) }
const LineQuantity = Type.Object({ lineId: Id, quantity: Quantity }, { additionalProperties: false })

export const AuthorizeReturn = Type.Object({
  lines: Type.Array(LineQuantity, { minItems: 1, maxItems: 200 }),
  reason: Text(500),
  ...Notes,
}, { additionalProperties: false })

export const ReceiveReturn = Type.Object({
  lines: Type.Array(Type.Object({
    lineId: Id, quantity: Quantity,
    disposition: Type.Union([Type.Literal('restock'), Type.Literal('write_off')]),
    warehouse: Type.Optional(Code),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 400 }),
  ...Notes,
}, { additionalProperties: false })

const manual = Type.Optional(Type.Boolean({ description: 'Paid back by hand, not through the gateway (when it refused): recorded as OFFLINE_REFUND' }))

export const RefundReturn = Type.Object({
  amount: Type.Optional(Money),
  lines: Type.Optional(Type.Array(LineQuantity, { minItems: 1, maxItems: 200 })),
  includeShipping: Type.Optional(Type.Boolean()),
  reason: Text(500),
  manual,
  ...Notes,
}, { additionalProperties: false })

export const CancelReturn = Type.Object({ ...Notes }, { additionalProperties: false })

export const RefundOrder = Type.Object({
  amount: Type.Integer({ minimum: 1, maximum: maxAmount }),
  reason: Text(500),
  manual,
  ...Notes,
}, { additionalProperties: false })

export const Return = Type.Object({
  id: Type.String(),
  number: Type.String(),
  orderId: Type.String(),
  orderNumber: Type.Optional(Type.String()),
  shop: Type.String(),
  status: Type.Union(returnStatuses.map((s) => Type.Literal(s))),
  reason: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  refunded: Type.Integer(),
  lines: Type.Array(Type.Object({
    lineId: Type.String(), sku: Type.String(), quantity: Type.Integer(), received: Type.Integer(),
    restocked: Type.Integer(), writtenOff: Type.Integer(), warehouse: Type.Union([Type.String(), Type.Null()]), unitValue: Type.Integer(),
  })),
  allowedActions: Type.Array(Type.Union(returnActionNames.map((s) => Type.Literal(s)))),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})

export const ReturnQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 200, description: 'Comma-separated return statuses' })),
  shop: Type.Optional(Type.String({ maxLength: 500, description: 'Comma-separated shop codes' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
}, { additionalProperties: false })
