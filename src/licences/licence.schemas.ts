import { Type, type Static } from 'typebox'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

export const Activation = Type.Object({
  id: Type.String(), machine: Type.String(), activatedAt: Type.String({ format: 'date-time' }),
  deactivatedAt: Nullable(Type.String({ format: 'date-time' })),
})

export const Licence = Type.Object({
  id: Type.String(),
  key: Type.String(),
  sku: Type.String(),
  productName: Nullable(Type.String()),
  shop: Type.String(),
  status: Type.String({ enum: ['active', 'revoked'] }),
  expired: Type.Boolean(),
  source: Type.String({ enum: ['generated', 'pool'] }),
  activationLimit: Type.Integer(),
  activeActivations: Type.Integer(),
  expiresAt: Nullable(Type.String({ format: 'date-time' })),
  orderId: Nullable(Type.String()),
  orderNumber: Nullable(Type.String()),
  customerEmail: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  activations: Type.Optional(Type.Array(Activation)),
})

export const LicenceEntry = Type.Object({
  at: Type.String({ format: 'date-time' }), type: Type.String(), note: Nullable(Type.String()),
  actor: Type.Object({ kind: Type.String(), id: Type.String(), name: Type.String() }),
})

export const LicenceQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Part of the key, the e-mail, or the order number' })),
  status: Type.Optional(Type.String({ enum: ['active', 'revoked'] })),
  sku: Type.Optional(Type.String({ maxLength: 64 })),
  orderId: Type.Optional(Type.String({ format: 'uuid' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
}, { additionalProperties: false })

export const Activate = Type.Object({ machine: Type.String({ minLength: 1, maxLength: 200, description: 'The machine or installation id' }) }, { additionalProperties: false })
export const Renew = Type.Object({
  expiresAt: Type.String({ format: 'date-time' }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false })
export const Revoke = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false })
export const ImportPool = Type.Object({
  keys: Type.Array(Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9-]+$' }), { minItems: 1, maxItems: 10_000 }),
}, { additionalProperties: false })

export type LicenceApi = Static<typeof Licence>
export type LicenceQueryInput = Static<typeof LicenceQuery>
