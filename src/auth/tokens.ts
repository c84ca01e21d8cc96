/** API tokens for integrations: random secrets shown once, stored only as a SHA-256 hash, with a role and shops. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { uuidv7 } from '../shared/ids.ts'
import { scopeOf, systemActor, type Actor } from './actor.ts'
import { recordAudit } from './audit.ts'
import { allPermissions } from './permissions.ts'
import { assertRoleExists, permissionsOfRole } from './roles.service.ts'
import { assertHoldsRole, assertShopsExist, grantableShops, withinScope } from './grants.ts'

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export interface TokenInput { name: string; role?: string; shops?: string[]; expiresAt?: Date | null }
export interface CreatedToken { id: string; name: string; role: string; shops: string[]; token: string; expiresAt: string | null }

/** Makes a token; a bare name makes an administrator token for every shop. */
export async function createApiToken(db: Database, tokenInput: TokenInput | string, by: Actor = systemActor('cli')): Promise<CreatedToken> {
  const input = typeof tokenInput === 'string' ? { name: tokenInput } : tokenInput
  const role = input.role ?? 'administrator'
  await assertRoleExists(db, role)
  await assertHoldsRole(db, by, role)
  const shops = grantableShops(by, input.shops)
  await assertShopsExist(db, shops)
  const token = `ordo_${randomBytes(32).toString('base64url')}`
  const id = uuidv7()
  await db.insertInto('api_tokens').values({
    id, name: input.name, token_hash: hashToken(token), role, shops, expires_at: input.expiresAt ?? null, created_by: by.name,
  }).execute()
  await recordAudit(db, by, 'token.created', 'token', id, { name: input.name, role, shops, expiresAt: input.expiresAt ?? null }, shops)
  return { id, name: input.name, role, shops, token, expiresAt: input.expiresAt?.toISOString() ?? null }
}

/** The tokens the actor may see: a shop-limited actor sees those limited to its shops. */
export async function listApiTokens(db: Database, actor: Actor) {
  const rows = await db.selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'shops', 'created_by', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
    .orderBy('created_at', 'desc').execute()
  return rows.filter((r) => withinScope(actor, r.shops)).map((r) => ({
    id: r.id, name: r.name, role: r.role, shops: r.shops, createdBy: r.created_by,
    createdAt: r.created_at.toISOString(), lastUsedAt: r.last_used_at?.toISOString() ?? null,
    expiresAt: r.expires_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null,
  }))
}

export async function revokeApiToken(trx: Database, by: Actor, id: string): Promise<void> {
  const found = await trx.selectFrom('api_tokens').select(['shops']).where('id', '=', id).where('revoked_at', 'is', null).forUpdate().executeTakeFirst()
  if (!found || !withinScope(by, found.shops)) throw new DomainError('token_not_found', `There is no active token "${id}"`)
  const row = await trx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).returning('name').executeTakeFirstOrThrow()
  await recordAudit(trx, by, 'token.revoked', 'token', id, { name: row.name }, found.shops)
}


/** The actor a bearer token stands for, or undefined when it is unknown, revoked or expired. */
export async function actorForToken(db: Database, token: string, adminToken: string | undefined): Promise<Actor | undefined> {
  if (adminToken && sameSecret(token, adminToken)) {
    return { kind: 'token', id: 'env', name: 'ORDO_ADMIN_TOKEN', role: 'administrator', permissions: new Set(allPermissions), shops: null }
  }
  const row = await db.selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'shops', 'last_used_at'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
    .executeTakeFirst()
  if (!row) return undefined
  // Record use at most once a minute, so reads do not turn into a write each.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.id).execute()
  }
  return { kind: 'token', id: row.id, name: row.name, role: row.role, permissions: await permissionsOfRole(db, row.role), shops: scopeOf(row.shops) }
}

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest())
}
