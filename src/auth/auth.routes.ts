/** Logging in and out of the browser, and who am I. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import type { Database } from '../db/database.ts'
import { responses } from '../http/schemas.ts'
import type { Actor } from './actor.ts'
import { login } from './login.ts'
import { actorForSession, CSRF_HEADER, revokeSession, SESSION_COOKIE } from './sessions.ts'

const tags = ['Auth']

const Me = Type.Object({
  kind: Type.String(),
  id: Type.String(),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  role: Type.String(),
  permissions: Type.Array(Type.String()),
  shops: Type.Union([Type.Array(Type.String()), Type.Null()]),
})

async function describe(db: Database, actor: Actor) {
  const user = actor.kind === 'user'
    ? await db.selectFrom('users').select('email').where('id', '=', actor.id).executeTakeFirst()
    : undefined
  return {
    kind: actor.kind, id: actor.id, name: actor.name, email: user?.email ?? null, role: actor.role,
    permissions: [...actor.permissions].sort(), shops: actor.shops ? [...actor.shops] : null,
  }
}

export function authRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.post<{ Body: { email: string; password: string } }>('/auth/login', {
    config: { public: true },
    schema: {
      tags, summary: 'Log in: sets an HTTP-only session cookie and returns the CSRF token that writes must send',
      security: [],
      body: Type.Object({
        email: Type.String({ minLength: 1, maxLength: 254 }),
        password: Type.String({ minLength: 1, maxLength: 200 }),
      }, { additionalProperties: false }),
      response: responses({ 200: Type.Object({ user: Me, csrfToken: Type.String(), csrfHeader: Type.String(), expiresAt: Type.String() }) }),
    },
  }, async (req, reply) => {
    const { session } = await login(db, req.body.email, req.body.password, { ip: req.ip, userAgent: req.headers['user-agent'] })
    reply.setCookie(SESSION_COOKIE, session.id, {
      httpOnly: true, sameSite: 'lax', path: '/', secure: req.protocol === 'https', expires: session.expiresAt,
    })
    const { actor } = (await actorForSession(db, session.id))!
    return { user: await describe(db, actor), csrfToken: session.csrfToken, csrfHeader: CSRF_HEADER, expiresAt: session.expiresAt.toISOString() }
  })

  app.post('/auth/logout', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: 'Log out: ends the session at once', response: responses({ 204: Type.Null() }) },
  }, async (req, reply) => {
    if (req.sessionHash) await revokeSession(db, req.sessionHash)
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.status(204).send()
  })

  app.get('/auth/me', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: 'Who is calling, with their role, permissions and shops', response: responses({ 200: Me }) },
  }, async (req) => describe(db, req.actor))
}
