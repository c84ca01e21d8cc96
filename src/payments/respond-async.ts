/**
 * `Prefer: respond-async` (RFC 7240) on a placement paid by card: the order is answered with
 * 202 as soon as it is written and its stock reserved, and the gateway's answer is recorded
 * after the response (two-phase.ts, phases 2 and 3). A storefront that shows "payment in
 * progress", and learns the outcome from the webhooks (`order.placed`, then `order.cancelled`
 * for a declined card) or from GET /orders/{id}, holds no connection open for the gateway's
 * 200-800 ms.
 *
 * The payments still running when the server closes are waited for; a process that dies
 * first leaves its attempts started, and the recovery job finishes them.
 */
import type { FastifyBaseLogger } from 'fastify'

/** Whether a Prefer header asks for an asynchronous answer (its preferences, any case, may carry parameters). */
export function prefersAsync(prefer: string | string[] | undefined): boolean {
  const values = Array.isArray(prefer) ? prefer : prefer === undefined ? [] : [prefer]
  return values.some((v) => v.split(',').some((p) => p.split(';')[0].trim().toLowerCase() === 'respond-async'))
}

/** The payments being finished after their requests were answered. */
export interface PaymentsAfterResponse {
  /** Runs `finish` on its own: a failure is logged, and the recovery job asks again later. */
  start(orderId: string, finish: () => Promise<unknown>): void
  /** Resolves once every payment started so far has been recorded or has failed. */
  settled(): Promise<void>
}

export function paymentsAfterResponse(log: FastifyBaseLogger): PaymentsAfterResponse {
  const running = new Set<Promise<unknown>>()
  return {
    start(orderId, finish) {
      const run: Promise<unknown> = Promise.resolve().then(finish)
        .catch((error: unknown) => log.warn({ err: error, orderId }, 'card payment not recorded after the response: the recovery job will ask the gateway again'))
        .finally(() => running.delete(run))
      running.add(run)
    },
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running])
    },
  }
}
