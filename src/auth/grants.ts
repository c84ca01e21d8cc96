/**
 * Delegation without escalation. Whoever manages staff, roles or tokens may only hand out
 * what they hold themselves: no permission, role or shop beyond their own, and never a
 * change to their own role or shops. A shop-limited manager sees and manages only the
 * accounts and tokens that are limited to shops within its own.
 */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import type { Actor } from './actor.ts'
import { permissionsOfRole } from './roles.service.ts'

/** Every permission in the list is one the actor holds. */
export function assertHoldsPermissions(actor: Actor, permissions: readonly string[]): void {
  const beyond = permissions.filter((p) => !actor.permissions.has(p as never))
  if (beyond.length) throw new DomainError('grant_exceeds_own', `You do not hold: ${beyond.join(', ')}`, { permissions: beyond })
}

/** The role gives nothing the actor does not hold. */
export async function assertHoldsRole(db: Database, actor: Actor, role: string): Promise<void> {
  const granted = [...await permissionsOfRole(db, role)]
  const beyond = granted.filter((p) => !actor.permissions.has(p))
  if (beyond.length) throw new DomainError('grant_exceeds_own', `The role "${role}" holds what you do not: ${beyond.join(', ')}`, { permissions: beyond })
}

/**
 * The shops to store for a new grant. A shop-limited actor grants its own shops when none
 * are named, and can never grant "every shop" (an empty list) or a shop outside its own.
 */
export function grantableShops(actor: Actor, shops: readonly string[] | undefined): string[] {
  if (actor.shops === null) return [...(shops ?? [])]
  if (shops === undefined) return [...actor.shops]
  if (shops.length === 0) throw new DomainError('grant_exceeds_own', 'You may only grant your own shops, not every shop', { shops: actor.shops })
  const beyond = shops.filter((s) => !actor.shops!.includes(s))
  if (beyond.length) throw new DomainError('grant_exceeds_own', `You do not hold the shops: ${beyond.join(', ')}`, { shops: beyond })
  return [...shops]
}

/** Whether a grant limited to `shops` (empty: every shop) lies within what the actor sees. */
export const withinScope = (actor: Actor, shops: readonly string[]) =>
  actor.shops === null || (shops.length > 0 && shops.every((s) => actor.shops!.includes(s)))

/** `withinScope` as SQL, for a table whose `shops` column says what a row concerns (empty: every shop). */
export const shopsWithinScope = (actor: Actor) =>
  sql<boolean>`${actor.shops === null ? sql`true` : sql`cardinality(shops) > 0 and shops <@ ${sql.val([...actor.shops])}::text[]`}`

/** A user's own role and shops are changed by somebody else. */
export function assertNotOwnAccess(actor: Actor, userId: string, changes: { role?: unknown; shops?: unknown; active?: unknown }): void {
  if (actor.kind !== 'user' || actor.id !== userId) return
  if (changes.role !== undefined || changes.shops !== undefined || changes.active !== undefined) {
    throw new DomainError('own_access_change', 'Ask another administrator to change your own role, shops or active flag')
  }
}

/**
 * Whether the actor may manage an existing account or token: within its shops, and holding
 * no permission the actor lacks (else resetting its password would hand those over).
 */
export async function mayManage(db: Database, actor: Actor, target: { role: string; shops: readonly string[] }): Promise<boolean> {
  if (!withinScope(actor, target.shops)) return false
  const held = await permissionsOfRole(db, target.role)
  return [...held].every((p) => actor.permissions.has(p))
}

/** Every named shop exists (a grant of an unknown shop is refused, not stored). */
export async function assertShopsExist(db: Database, shops: readonly string[]): Promise<void> {
  if (shops.length === 0) return
  const found = await db.selectFrom('shops').select('code').where('code', 'in', [...shops]).execute()
  const missing = shops.filter((s) => !found.some((f) => f.code === s))
  if (missing.length) throw new DomainError('validation_failed', `No such shops: ${missing.join(', ')}`, { errors: [{ path: 'shops', message: 'unknown shop' }] })
}
