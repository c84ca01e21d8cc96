/**
 * Calls the Ordo API in-process (Fastify's `inject`), so the demo data goes through
 * exactly the routes, validation and service functions that integrations use.
 */
import type { App } from '../app.ts'

export interface ApiReply<T> { status: number; body: T }

export interface DemoClient {
  /** Sends a request; any status not in `expect` is an error. */
  send<T = any>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown, expect?: number[]): Promise<ApiReply<T>>
}

export function demoClient(app: App, token: string): DemoClient {
  return {
    async send(method, url, body, expect = [200, 201]) {
      const reply = await app.inject({
        method,
        url: `/api/v1${url}`,
        headers: { authorization: `Bearer ${token}` },
        ...(body !== undefined && { payload: body as object }),
      })
      const parsed = reply.body ? JSON.parse(reply.body) : undefined
      if (!expect.includes(reply.statusCode)) {
        const detail = parsed?.detail ?? parsed?.title ?? reply.body
        throw new Error(`Demo data: ${method} ${url} answered ${reply.statusCode} (${parsed?.code ?? 'no code'}): ${detail}`)
      }
      return { status: reply.statusCode, body: parsed }
    },
  }
}
