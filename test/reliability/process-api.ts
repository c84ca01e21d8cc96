/** The API of Ordo server processes (test/server-process.ts), as the reliability runs call it. */
import { setTimeout as sleep } from 'node:timers/promises'
import type { Database } from '../../src/db/database.ts'
import type { Api } from '../harness.ts'
import type { ServerProcess } from '../server-process.ts'

/** Each request to the process `next` gives (the same one, or the next behind a balancer). A process that is down answers status 0. */
export function processApi(next: () => ServerProcess, token?: string): Api {
  return async (method, path, body, headers = {}) => {
    const server = next()
    const extra = Object.fromEntries(Object.entries(headers).filter((h): h is [string, string] => h[1] !== null))
    try {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token ?? server.token}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...extra },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers, contentType: res.headers.get('content-type') ?? '' }
    } catch {
      // The server is down: the request got no answer, which is not an error of Ordo's.
      return { status: 0, body: null, headers: new Headers(), contentType: '' }
    }
  }
}

/**
 * Waits until the card payments started since `since` have their answers recorded: orders
 * answered 202 (Prefer: respond-async) are recorded after their response. `askAgain` runs
 * between looks, as the recovery job would, where no worker runs it (a gateway that never
 * answered leaves its attempt started until it is asked again).
 */
export async function paymentsAnswered(db: Database, options: { since?: Date; askAgain?: () => Promise<unknown>; timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  for (;;) {
    const { n } = await db.selectFrom('payment_attempts').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'started').where('started_at', '>=', options.since ?? new Date(0)).executeTakeFirstOrThrow()
    if (Number(n) === 0) return
    if (Date.now() > deadline) throw new Error(`${n} card payments still wait for their answer`)
    await sleep(200)
    await options.askAgain?.()
  }
}
