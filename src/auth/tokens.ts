/** API tokens: random secrets shown once, stored only as a SHA-256 hash. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Database } from '../db/database.ts'
import type { Actor } from './actor.ts'
import { uuidv7 } from '../shared/ids.ts'

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export interface CreatedToken { id: string; name: string; token: string; expiresAt: Date | null }

export async function createApiToken(db: Database, name: string, expiresAt: Date | null = null): Promise<CreatedToken> {
  const token = `ordo_${randomBytes(32).toString('base64url')}`
  const id = uuidv7()
  await db.insertInto('api_tokens')
    .values({ id, name, token_hash: hashToken(token), expires_at: expiresAt })
    .execute()
  return { id, name, token, expiresAt }
}

/** The actor a bearer token stands for, or undefined when it is unknown, revoked or expired. */
export async function actorForToken(db: Database, token: string, adminToken: string | undefined): Promise<Actor | undefined> {
  if (adminToken && sameSecret(token, adminToken)) return { kind: 'token', id: 'env', name: 'ORDO_ADMIN_TOKEN' }
  const row = await db.selectFrom('api_tokens')
    .select(['id', 'name', 'last_used_at'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
    .executeTakeFirst()
  if (!row) return undefined
  // Record use at most once a minute, so reads do not turn into a write each.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.id).execute()
  }
  return { kind: 'token', id: row.id, name: row.name }
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest()
  const hb = createHash('sha256').update(b).digest()
  return timingSafeEqual(ha, hb)
}
