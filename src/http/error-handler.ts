/** Renders every error as application/problem+json with a stable code; nothing leaks internals. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DomainError, problemOf, type ErrorCode } from './errors.ts'

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, req, reply) => {
    const domain = toDomainError(error)
    if (domain.code === 'internal_error') req.log.error({ err: error }, 'unhandled error')
    sendProblem(reply, req, domain)
  })
  app.setNotFoundHandler((req, reply) => {
    sendProblem(reply, req, new DomainError('not_found', `There is nothing at ${req.method} ${req.url.split('?')[0]}`))
  })
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, error: DomainError) {
  const extra = error.code === 'internal_error' ? { correlationId: req.id } : {}
  // Plain JSON, not the route's response schema: a problem must always serialise.
  return reply
    .status(error.status)
    .type('application/problem+json')
    .serializer(JSON.stringify)
    .send({ ...problemOf(error, req.url.split('?')[0]), ...extra })
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
}

// PostgreSQL errors that a request can still provoke despite validation.
const pgCodes: Record<string, ErrorCode> = {
  '23505': 'already_exists',
  '40001': 'concurrent_update',
  '40P01': 'concurrent_update',
  '22P02': 'validation_failed',
  '22003': 'validation_failed',
  '22001': 'validation_failed',
  '22021': 'validation_failed',
}

function toDomainError(error: FastifyError & { validation?: unknown[]; validationContext?: string }): DomainError {
  if (error instanceof DomainError) return error
  if (error.validation) {
    const errors = (error.validation as { instancePath: string; message?: string; params?: Record<string, unknown> }[])
      .map((v) => ({ in: error.validationContext, path: fieldPath(v), message: v.message }))
    return new DomainError('validation_failed', describe(errors), { errors })
  }
  const fastifyCode = error.code && fastifyCodes[error.code]
  if (fastifyCode) return new DomainError(fastifyCode, error.message)
  if (error instanceof SyntaxError && error.statusCode === 400) return new DomainError('malformed_json', error.message)
  const pgCode = (error as { code?: string }).code
  if (pgCode && pgCodes[pgCode]) return new DomainError(pgCodes[pgCode])
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new DomainError(error.statusCode === 404 ? 'not_found' : 'validation_failed', error.message)
  }
  return new DomainError('internal_error')
}

function fieldPath(v: { instancePath: string; params?: Record<string, unknown> }): string {
  const extra = v.params?.missingProperty ?? v.params?.additionalProperty
  const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.')
  return [path, extra].filter((p) => p !== undefined && p !== '').join('.')
}

function describe(errors: { path: string; message?: string }[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')
}
