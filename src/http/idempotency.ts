/**
 * Idempotency keys: a request retried with the same key gets the first answer, and
 * concurrent retries wait for the first to finish (the key's row is claimed inside the
 * transaction, so the unique index makes them queue). A failure that changed nothing
 * (invalid, out of stock) is not kept: the retry runs afresh.
 */
import { createHash } from 'node:crypto'
import type { Database } from '../db/database.ts'
import type { Update } from '../db/write-together.ts'
import type { Actor } from '../auth/actor.ts'
import { DomainError } from './errors.ts'

export interface StoredResponse { statusCode: number; body: unknown }

const KEY = /^[\x21-\x7e]{1,255}$/

export function checkIdempotencyKey(key: string | string[] | undefined): string | null {
  if (key === undefined) return null
  if (Array.isArray(key) || !KEY.test(key)) {
    throw new DomainError('idempotency_key_invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters')
  }
  return key
}

/** A key as stored: it belongs to its caller, so another caller's retry never sees its answer. */
export const scopedIdempotencyKey = (actor: Actor, key: string) => `${actor.kind}:${actor.id}:${key}`

/** Claims the key (already scoped to its caller) for this request, or returns the response stored for it. */
export async function claimIdempotencyKey(trx: Database, key: string, body: unknown): Promise<StoredResponse | undefined> {
  const hash = requestHash(body)
  const claimed = await trx.insertInto('idempotency_keys')
    .values({ key, request_hash: hash, status_code: 0, response: 'null' })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst()
  if (claimed) return undefined
  const prior = await trx.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirstOrThrow()
  if (prior.request_hash !== hash) throw new DomainError('idempotency_key_reused')
  return { statusCode: prior.status_code, body: prior.response }
}

export async function storeIdempotentResponse(trx: Database, key: string, response: StoredResponse): Promise<void> {
  await idempotentResponseUpdate(key, response).update(trx).execute()
}

/** The same, as one of the writes of a change's statement (writeTogether). */
export function idempotentResponseUpdate(key: string, response: StoredResponse): Update {
  return {
    update: (db) => db.updateTable('idempotency_keys')
      .set({ status_code: response.statusCode, response: JSON.stringify(response.body) })
      .where('key', '=', key),
  }
}

/** A hash of the body that does not depend on the order of its keys. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex')
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
