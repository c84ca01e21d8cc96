/** Helpers for the job tests: a worker on the test database, a webhook receiver, the passing of time. */
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import { sql } from 'kysely'
import type { Database } from '../src/db/database.ts'
import { createWorker, type Worker } from '../src/jobs/worker.ts'
import { loadWorkerSettings, type WorkerSettings } from '../src/jobs/worker-settings.ts'
import { createTestGateway } from '../src/payments/test-gateway.ts'
import type { Ordo } from './harness.ts'

export function workerFor(ordo: Ordo, settings: Partial<WorkerSettings> = {}): Worker {
  return createWorker({
    db: ordo.db, gateway: createTestGateway(),
    settings: { ...loadWorkerSettings({}), webhooksAllowPrivate: true, allocationIntervalMs: 0, ...settings },
  })
}

/** Makes every waiting job due now: the back-off of hours passes in a moment. */
export async function fastForward(db: Database): Promise<void> {
  await sql`update jobs set run_at = now() where state = 'queued'`.execute(db)
}

export interface Received { id: string; timestamp: string; signature: string; body: string; json: any }

/** A webhook receiver; `answer` picks the status of each request (by its position, from 0). */
export async function startReceiver(answer: (n: number, r: Received) => number | Promise<number> = () => 200) {
  const received: Received[] = []
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    const r: Received = {
      id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']),
      signature: String(req.headers['webhook-signature']), body, json: body ? JSON.parse(body) : null,
    }
    const n = received.length
    received.push(r)
    res.statusCode = await answer(n, r)
    res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${address.port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Verifies a delivery as a receiver would, following Standard Webhooks. */
export function verifySignature(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = createHmac('sha256', key).update(`${r.id}.${r.timestamp}.${r.body}`).digest('base64')
  return r.signature.split(' ').some((s) => s === `v1,${expected}`)
}

/** Waits until `check` holds, polling. */
export async function until(check: () => Promise<boolean>, timeoutMs = 60_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!await check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
