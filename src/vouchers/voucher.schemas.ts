import { Type, type Static } from 'typebox'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
export const voucherLayoutNames = ['classic', 'modern', 'minimal'] as const

export const Voucher = Type.Object({
  id: Type.String(),
  code: Type.String({ description: 'Four groups of four characters, e.g. K7QD-3MXT-9HPA-RWZE' }),
  shop: Type.String(),
  currency: Type.String(),
  value: Type.Integer(),
  balance: Type.Integer(),
  status: Type.String({ enum: ['active', 'redeemed', 'expired', 'voided'] }),
  expiresAt: Nullable(Type.String({ format: 'date-time' })),
  orderId: Nullable(Type.String()),
  orderNumber: Nullable(Type.String()),
  recipient: Nullable(Type.String()),
  message: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  layout: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})

export const VoucherEntry = Type.Object({
  at: Type.String({ format: 'date-time' }),
  type: Type.String({ description: 'issued, redemption, payment, payment-refund, credit, void, expire, change' }),
  amount: Nullable(Type.Integer()),
  balance: Type.Integer(),
  reference: Nullable(Type.String()),
  orderId: Nullable(Type.String()),
  note: Nullable(Type.String()),
  actor: Type.Object({ kind: Type.String(), id: Type.String(), name: Type.String() }),
})

export const VoucherQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the code, or of the recipient' })),
  status: Type.Optional(Type.String({ description: 'Comma-separated statuses' })),
  shop: Type.Optional(Type.String({ maxLength: 24 })),
  orderId: Type.Optional(Type.String({ format: 'uuid' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
}, { additionalProperties: false })

export const PatchVoucher = Type.Object({
  expiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  notes: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  recipient: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  message: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  layout: Type.Optional(Type.String({ enum: [...voucherLayoutNames] })),
}, { additionalProperties: false, minProperties: 1 })

export const Redeem = Type.Object({
  amount: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
  reference: Type.String({ minLength: 1, maxLength: 200, description: 'Till receipt, order number, ...' }),
}, { additionalProperties: false })

export const VoidVoucher = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false })

export const VoucherLayout = Type.Object({
  accentColor: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
  backgroundColor: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
  title: Type.String({ minLength: 1, maxLength: 60 }),
  footer: Type.String({ maxLength: 300 }),
}, { additionalProperties: false })

export const IssueSettings = Type.Object({
  voucherValidityMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 120 })),
  voucherLayout: Type.Optional(Type.String({ enum: [...voucherLayoutNames] })),
  voucherChosenValue: Type.Optional(Nullable(Type.Object({
    min: Type.Integer({ minimum: 1, maximum: 100_000_000 }), max: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
  }, { additionalProperties: false, description: 'The customer chooses the value within these bounds (order line `value`); null for a fixed value' }))),
  licenceKeyFormat: Type.Optional(Type.String({ minLength: 12, maxLength: 64, description: 'X = random letter or digit, # = digit, e.g. ORDO-XXXX-XXXX-XXXX' })),
  licenceActivationLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  licenceValidityDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 36500 }))),
}, { additionalProperties: false })

export type VoucherApi = Static<typeof Voucher>
export type VoucherQueryInput = Static<typeof VoucherQuery>
export type PatchVoucherInput = Static<typeof PatchVoucher>
export type RedeemInput = Static<typeof Redeem>
export type VoucherLayoutInput = Static<typeof VoucherLayout>
export type IssueSettingsInput = Static<typeof IssueSettings>
