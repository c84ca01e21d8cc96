/** The answer of an after-sales change: its result, or a payment failure kept in the log (committed) and then reported. */
import { DomainError } from '../http/errors.ts'

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: DomainError }

/** A 400 validation_failed naming the field at fault. */
export const invalid = (path: string, message: string) =>
  new DomainError('validation_failed', `${path}: ${message}`, { errors: [{ path, message }] })
