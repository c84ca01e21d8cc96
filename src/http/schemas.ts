/** Schemas shared by several modules' routes. */
import { Type, type TSchema } from 'typebox'
import { maxAmount } from '../shared/money.ts'

export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. CHF' })
/** Money in integer minor units (cents). */
export const Money = Type.Integer({ minimum: 0, maximum: maxAmount, description: 'Integer minor units' })
export const Code = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$', description: 'Letters, digits, _ and -; up to 24' })
export const Sku = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$', description: 'Article number' })
export const Text = (max = 200) => Type.String({ minLength: 1, maxLength: max })
export const Id = Type.String({ minLength: 1, maxLength: 64 })

export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String(),
  detail: Type.String(),
  instance: Type.Optional(Type.String()),
}, { additionalProperties: true })

const problemResponses = {
  400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem,
}

/** A route's response schemas: its success shape plus the problem shape for errors. */
export const responses = <T extends Record<number, TSchema>>(ok: T) => ({ ...ok, ...problemResponses })

export const ListOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) })
