/**
 * Who an actor is now. Long work started in someone's name (a bulk job) checks this as it
 * goes: a deactivated account or a revoked token stops it, and a changed role or shop limit
 * applies from the next order on.
 */
import type { Database } from '../db/database.ts'
import { scopeOf, type Actor } from './actor.ts'
import { permissionsOfRole } from './roles.service.ts'

/** The actor as it stands in the database now; undefined when it may no longer act. */
export async function currentActor(db: Database, actor: Actor): Promise<Actor | undefined> {
  if (actor.kind === 'system' || (actor.kind === 'token' && actor.id === 'env')) return actor
  const row = actor.kind === 'user'
    ? await db.selectFrom('users').select(['role', 'shops']).where('id', '=', actor.id).where('active', '=', true).executeTakeFirst()
    : await db.selectFrom('api_tokens').select(['role', 'shops']).where('id', '=', actor.id).where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())])).executeTakeFirst()
  if (!row) return undefined
  return { ...actor, role: row.role, permissions: await permissionsOfRole(db, row.role), shops: scopeOf(row.shops) }
}
