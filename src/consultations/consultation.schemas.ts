/** The consultation API's shapes. */
import { Type, type Static } from 'typebox'
import { Code, Sku } from '../http/schemas.ts'
import { consultationActionNames, consultationStatuses } from './consultation.machine.ts'

const Nullable = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Union([t, Type.Null()])
const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] })

export const RequestConsultation = Type.Object({
  shop: Code,
  contact: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ format: 'email', maxLength: 254 }),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
  }, { additionalProperties: false }),
  message: Type.String({ minLength: 1, maxLength: 4000 }),
  products: Type.Optional(Type.Array(Sku, { maxItems: 50 })),
  preferredTime: Type.Optional(Type.String({ maxLength: 200, description: 'When the customer would like to be called' })),
}, { additionalProperties: false })
export type RequestConsultationInput = Static<typeof RequestConsultation>

export const ConsultationActionBody = Type.Object({
  note: Type.Optional(Type.String({ maxLength: 4000 })),
  userId: Type.Optional(Type.String({ maxLength: 64, description: 'assign: the colleague; without it, the caller' })),
}, { additionalProperties: false })

export const ConsultationQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 200 })),
  shop: Type.Optional(Type.String({ maxLength: 200 })),
  assignee: Type.Optional(Type.String({ maxLength: 64, description: '"me", "none" or a user id' })),
  view: Type.Optional(literals(['waiting'] as const, )),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
}, { additionalProperties: false })
export type ConsultationQuery = Static<typeof ConsultationQuery>

export const Consultation = Type.Object({
  id: Type.String(), shop: Type.String(), status: literals(consultationStatuses),
  contact: Type.Object({ name: Type.String(), email: Type.String(), phone: Nullable(Type.String()) }),
  message: Type.String(), products: Type.Array(Type.Object({ sku: Type.String(), name: Type.String() })),
  preferredTime: Nullable(Type.String()),
  assignee: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  draftId: Nullable(Type.String()),
  waitingMinutes: Type.Integer({ description: 'Since the request came in' }),
  allowedActions: Type.Array(literals(consultationActionNames)),
  createdAt: Type.String(), updatedAt: Type.String(),
})
