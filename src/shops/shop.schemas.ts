import { Type, type Static } from 'typebox'
import { Code, Currency, Money, Text } from '../http/schemas.ts'

const settingsFields = {
  orderNumberPrefix: Type.String({ maxLength: 20, pattern: '^[A-Za-z0-9_/-]*$' }),
  orderNumberStart: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }),
  invoiceNumberPrefix: Type.String({ maxLength: 20, pattern: '^[A-Za-z0-9_/-]*$' }),
  invoiceNumberStart: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }),
  invoiceNumbersEnabled: Type.Boolean({ description: 'Off when an ERP issues the invoices' }),
  requireApproval: Type.Boolean({ description: 'Every order of this shop waits for approval' }),
  approvalThreshold: Type.Union([Money, Type.Null()], { description: 'Orders with a larger total wait for approval' }),
  capturePer: Type.Union([Type.Literal('delivery'), Type.Literal('order')], {
    description: 'Capture on shipment: per shipped delivery, or the whole order at the first shipment',
  }),
}

export const ShopSettings = Type.Object(settingsFields, { additionalProperties: false })
export const ShopSettingsInput = Type.Partial(Type.Object(settingsFields), { additionalProperties: false })

export const Shop = Type.Object({
  code: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  pricesIncludeTax: Type.Boolean(),
  settings: ShopSettings,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})

export const CreateShop = Type.Object({
  code: Code,
  name: Text(),
  currency: Currency,
  pricesIncludeTax: Type.Boolean(),
  settings: Type.Optional(ShopSettingsInput),
}, { additionalProperties: false })

export const UpdateShop = Type.Object({
  name: Type.Optional(Text()),
  pricesIncludeTax: Type.Optional(Type.Boolean()),
  settings: Type.Optional(ShopSettingsInput),
}, { additionalProperties: false })

export type ShopApi = Static<typeof Shop>
export type CreateShopInput = Static<typeof CreateShop>
export type UpdateShopInput = Static<typeof UpdateShop>
