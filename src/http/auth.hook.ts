/** Every /api/v1 route needs `Authorization: Bearer <token>`; the token's actor is kept on the request. */
import type { FastifyInstance } from 'fastify'
import { actorForToken } from '../auth/tokens.ts'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from './errors.ts'

declare module 'fastify' {
  interface FastifyRequest { actor: Actor }
}

export function registerAuth(app: FastifyInstance, db: Database, adminToken: string | undefined): void {
  app.decorateRequest('actor', null as unknown as Actor)
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return
    const header = req.headers.authorization
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i)
    if (!match) throw new DomainError('unauthorized', 'Send an API token as "Authorization: Bearer <token>"')
    const actor = await actorForToken(db, match[1], adminToken)
    if (!actor) throw new DomainError('unauthorized', 'The token is unknown, revoked or expired')
    req.actor = actor
  })
}
