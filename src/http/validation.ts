/**
 * Request validation. Bodies are checked strictly (no type coercion, unknown fields
 * refused) so an integration's mistake is reported, not guessed at; query strings and
 * path parameters are text by nature and are coerced to the schema's types.
 */
import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import { findControlChars } from '../shared/control-chars.ts'
import { DomainError } from './errors.ts'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, ...options })
  addFormats(ajv)
  return ajv
}

export function registerValidation(app: FastifyInstance): void {
  const strict = makeAjv({ coerceTypes: false })
  const coercing = makeAjv({ coerceTypes: 'array' })
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema))
  // NUL bytes and other control characters are refused wherever they come in.
  app.addHook('preValidation', async (req) => {
    for (const [part, value] of [['params', req.params], ['query', req.query], ['body', req.body]] as const) {
      const path = findControlChars(value)
      if (path !== undefined) {
        const message = 'must not contain control characters (such as NUL or U+0001)'
        throw new DomainError('validation_failed', `${path}: ${message}`, { errors: [{ in: part, path, message }] })
      }
    }
  })
}
