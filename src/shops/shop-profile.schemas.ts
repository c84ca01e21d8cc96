/** A shop's billing settings: who issues the documents, where to pay, in which language and time zone, and when. */
import { Type, type Static } from 'typebox'

import { Address } from '../orders/order.schemas.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

const fields = {
  legalName: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
  address: Nullable(Address),
  vatId: Nullable(Type.String({ minLength: 3, maxLength: 30, pattern: '^[A-Za-z0-9 .-]+$', description: 'e.g. CHE-123.456.789 MWST' })),
  iban: Nullable(Type.String({ pattern: '^[A-Z]{2}[0-9]{2}[A-Za-z0-9 ]{10,36}$', description: 'e.g. CH93 0076 2011 6238 5295 7' })),
  bic: Nullable(Type.String({ pattern: '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$' })),
  email: Nullable(Type.String({ format: 'email', maxLength: 254 })),
  logo: Nullable(Type.String({ maxLength: 400_000, pattern: '^data:image/(png|jpeg);base64,[A-Za-z0-9+/=]+$', description: 'PNG or JPEG as a data: URL, up to ~300 kB' })),
  locale: Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$', description: 'Language of documents and e-mails, e.g. de-CH' }),
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone: dates, "today" and due dates are the shop\'s, e.g. Europe/Zurich' }),
  paymentTermsDays: Type.Integer({ minimum: 0, maximum: 365, description: 'Invoice orders are due this many days after the invoice' }),
  invoiceAt: Type.Union([Type.Literal('placement'), Type.Literal('payment'), Type.Literal('shipment')], { description: 'When the invoice is issued' }),
  creditNotePrefix: Type.String({ maxLength: 20, pattern: '^[A-Za-z0-9_/-]*$' }),
  reminder1Days: Type.Integer({ minimum: 0, maximum: 365, description: 'First reminder this many days after the due date' }),
  reminder2Days: Type.Integer({ minimum: 0, maximum: 365, description: 'Second reminder this many days after the due date' }),
  reminderFee: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Fee per reminder in minor units' }),
}

export const ShopProfile = Type.Object({ shop: Type.String(), ...fields, updatedAt: Type.String({ format: 'date-time' }) })
export const UpdateShopProfile = Type.Partial(Type.Object(fields), { additionalProperties: false })
export type ShopProfileApi = Static<typeof ShopProfile>
export type UpdateShopProfileInput = Static<typeof UpdateShopProfile>
