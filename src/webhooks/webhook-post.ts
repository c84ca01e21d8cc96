/** One HTTP POST to a receiver, with a timeout, through the guarded name lookup. */
import http from 'node:http'
import https from 'node:https'
import { checkTarget, guardedLookup } from './webhook-target.ts'

export interface PostResult { status: number | null; durationMs: number; error: string | null }

export async function postJson(target: string, headers: Record<string, string>, body: string, timeoutMs: number, allowPrivate: boolean): Promise<PostResult> {
  const started = performance.now()
  const done = (status: number | null, error: string | null): PostResult => ({ status, error, durationMs: Math.round(performance.now() - started) })
  let url: URL
  try { url = checkTarget(target, allowPrivate) } catch (error) { return done(null, (error as Error).message) }
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve) => {
    const req = client.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Ordo-Webhooks/1', 'content-length': Buffer.byteLength(body), ...headers },
      lookup: guardedLookup(allowPrivate) as never,
      timeout: timeoutMs,
    }, (res) => {
      // Only the status matters; the body is read and dropped so the socket is freed.
      res.resume()
      res.on('end', () => resolve(done(res.statusCode ?? null, null)))
      res.on('error', (e) => resolve(done(res.statusCode ?? null, e.message)))
    })
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    req.on('error', (e) => resolve(done(null, e.message)))
    req.end(body)
  })
}
