/**
 * Serves the admin UI (web/, built into web/dist by `npm install`) at `/`. The UI's own
 * pages (ui-sections.ts) get index.html, so a bookmarked /orders/<id>?tab=history opens
 * in the browser's router; every other path is a 404.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { FastifyInstance, FastifyReply } from 'fastify'
import fastifyStatic from '@fastify/static'
import { isUiPage } from './ui-sections.ts'

export const defaultWebDir = resolve(import.meta.dirname, '../../web/dist')

/** The UI has no inline script or style: everything comes from this origin. */
const contentSecurityPolicy = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ')


export async function registerWebUi(app: FastifyInstance, dir = defaultWebDir): Promise<void> {
  if (!existsSync(resolve(dir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('The admin UI is not built: run `npm run build:web` (npm install does it), then restart.\nThe API is at /api/v1, its docs at /docs.\n'))
    return
  }
  await app.register(fastifyStatic, {
    root: dir,
    // One route per built file, read at start; the catch-all below serves the SPA.
    wildcard: false,
    index: false,
    // The headers below say how long to keep each file; send's default would override them.
    cacheControl: false,
    setHeaders(res, path) {
      res.setHeader('content-security-policy', contentSecurityPolicy)
      // Vite puts a content hash in every asset's name: it never changes under that name.
      res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  const sendIndex = (reply: FastifyReply) =>
    reply.header('content-security-policy', contentSecurityPolicy).header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false })
  app.get('/', { schema: { hide: true } }, async (_req, reply) => sendIndex(reply))
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const path = (req.params as { '*': string })['*']
    if (!isUiPage(`/${path}`)) return reply.callNotFound()
    return sendIndex(reply)
  })
}
