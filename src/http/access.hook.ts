/**
 * Who is calling, and may they? Every /api route either declares the permission it needs
 * (`config.permission`) or is explicitly public (`config.public`, only the login); a route
 * with neither stops the app from starting. One hook authenticates (bearer token or
 * session cookie, with its CSRF token on writes) and checks the permission.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Actor } from '../auth/actor.ts'
import type { Permission } from '../auth/permissions.ts'
import { actorForToken } from '../auth/tokens.ts'
import { actorForSession, CSRF_HEADER, SESSION_COOKIE } from '../auth/sessions.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from './errors.ts'

/** 'authenticated': anyone logged in, whatever their role (their own session, say). */
export type PermissionRule = Permission | 'authenticated' | ((req: FastifyRequest) => Permission)

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor
    /** Set when the caller came with a session cookie. */
    sessionHash?: string
  }
  interface FastifyContextConfig {
    permission?: PermissionRule
    public?: boolean
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])
/** Only for route definitions (their declared path), never for a request's URL text. */
const isApiRoute = (routePath: string) => routePath.startsWith('/api/')

export function registerAccess(app: FastifyInstance, db: Database, adminToken: string | undefined): void {
  app.decorateRequest('actor', null as unknown as Actor)
  app.decorateRequest('sessionHash', undefined)

  app.addHook('onRoute', (route) => {
    if (!isApiRoute(route.url)) return
    const config = route.config as { permission?: PermissionRule; public?: boolean } | undefined
    if (!config?.permission && !config?.public) throw new Error(`${route.method} ${route.url} declares no permission`)
    // The OpenAPI document says what each operation needs.
    const needs = config.public ? 'public' : typeof config.permission === 'function' ? 'depends on the action (see x-permissions)' : config.permission
    route.schema = { ...route.schema, 'x-permission': needs } as typeof route.schema
  })

  // Access is decided from the route the router matched, never from the URL text: the
  // router decodes and normalises paths (`/%61pi/v1/users` matches `/api/v1/users`).
  app.addHook('onRequest', async (req) => {
    const config = req.routeOptions.config
    if (config?.public) return
    if (!config?.permission) {
      // Only the UI, the docs, health and not-found routes come without a permission.
      if (isApiRoute(req.routeOptions.url ?? '')) throw new DomainError('forbidden', 'This route declares no permission')
      return
    }
    req.actor = await authenticate(db, adminToken, req)
    const permission = typeof config.permission === 'function' ? config.permission(req) : config.permission
    if (permission !== 'authenticated' && !req.actor.permissions.has(permission)) {
      throw new DomainError('forbidden', `Your role (${req.actor.role}) does not allow this: it needs "${permission}"`, { permission })
    }
  })
}

async function authenticate(db: Database, adminToken: string | undefined, req: FastifyRequest): Promise<Actor> {
  const header = req.headers.authorization
  if (header !== undefined) {
    const match = header.match(/^Bearer\s+(\S+)\s*$/i)
    if (!match) throw new DomainError('unauthorized', 'Send an API token as "Authorization: Bearer <token>"')
    const actor = await actorForToken(db, match[1], adminToken)
    if (!actor) throw new DomainError('unauthorized', 'The token is unknown, revoked or expired')
    return actor
  }
  const sessionId = req.cookies?.[SESSION_COOKIE]
  if (sessionId) {
    const session = await actorForSession(db, sessionId)
    if (!session) throw new DomainError('unauthorized', 'The session has ended; log in again')
    if (!safeMethods.has(req.method) && req.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new DomainError('csrf_failed', `Send the session's CSRF token in the ${CSRF_HEADER} header`)
    }
    req.sessionHash = session.sessionHash
    return session.actor
  }
  throw new DomainError('unauthorized', 'Log in, or send an API token as "Authorization: Bearer <token>"')
}
