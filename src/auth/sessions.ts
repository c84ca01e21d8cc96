/**
 * Browser sessions: a random id in an HTTP-only cookie, stored only as a hash, with a
 * CSRF token that cookie-authenticated writes must echo in a header. Sessions expire
 * after a day, or after two hours unused, and can be revoked at once.
 */
import { randomBytes } from 'node:crypto'
import type { Database } from '../db/database.ts'
import { hashToken } from './tokens.ts'
import { permissionsOfRole } from './roles.service.ts'
import { scopeOf, type Actor } from './actor.ts'

export const SESSION_COOKIE = 'ordo_session'
export const CSRF_HEADER = 'x-csrf-token'
const LIFETIME_MS = 24 * 3600_000
const IDLE_MS = 2 * 3600_000

export interface NewSession { id: string; csrfToken: string; expiresAt: Date }

export async function createSession(db: Database, userId: string, meta: { ip?: string; userAgent?: string }): Promise<NewSession> {
  const id = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(24).toString('base64url')
  const expiresAt = new Date(Date.now() + LIFETIME_MS)
  await db.insertInto('sessions').values({
    id_hash: hashToken(id), user_id: userId, csrf_token: csrfToken, expires_at: expiresAt,
    ip: meta.ip ?? null, user_agent: meta.userAgent?.slice(0, 300) ?? null,
  }).execute()
  return { id, csrfToken, expiresAt }
}

export interface SessionActor { actor: Actor; csrfToken: string; sessionHash: string }

/** The user behind a session cookie, while the session and the account are live. */
export async function actorForSession(db: Database, sessionId: string): Promise<SessionActor | undefined> {
  const idHash = hashToken(sessionId)
  const row = await db.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.csrf_token', 's.last_seen_at', 'u.id', 'u.name', 'u.email', 'u.role', 'u.shops'])
    .where('s.id_hash', '=', idHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', new Date())
    .where('s.last_seen_at', '>', new Date(Date.now() - IDLE_MS))
    .where('u.active', '=', true)
    .executeTakeFirst()
  if (!row) return undefined
  if (Date.now() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id_hash', '=', idHash).execute()
  }
  return {
    actor: { kind: 'user', id: row.id, name: row.name, role: row.role, permissions: await permissionsOfRole(db, row.role), shops: scopeOf(row.shops) },
    csrfToken: row.csrf_token,
    sessionHash: idHash,
  }
}

export async function revokeSession(db: Database, sessionHash: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: new Date() }).where('id_hash', '=', sessionHash).execute()
}

export async function revokeUserSessions(db: Database, userId: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute()
}
