/**
 * The built-in test gateway. The card token chooses the answer:
 *   test_ok               everything succeeds
 *   test_decline          the authorisation is declined
 *   test_error            the gateway fails (as on a timeout or an outage)
 *   test_capture_decline  authorisation succeeds, every capture is declined
 *   test_refund_fail      everything succeeds but refunds, which fail
 * Like a real gateway, it answers a repeated idempotency key with its first answer,
 * and its authorisation reference carries what it needs for later operations.
 */
import { randomUUID } from 'node:crypto'
import type { GatewayResult, PaymentGateway } from './gateway.ts'

export const testTokens = ['test_ok', 'test_decline', 'test_error', 'test_capture_decline', 'test_refund_fail'] as const
type Behaviour = (typeof testTokens)[number]

export function createTestGateway(): PaymentGateway {
  const answered = new Map<string, GatewayResult>()
  const once = (key: string, answer: () => GatewayResult): Promise<GatewayResult> => {
    const known = answered.get(key)
    if (known) return Promise.resolve(known)
    const result = answer()
    answered.set(key, result)
    return Promise.resolve(result)
  }
  const behaviourOf = (authorization: string): Behaviour =>
    (testTokens as readonly string[]).find((t) => authorization.startsWith(`${t}:`)) as Behaviour ?? 'test_ok'
  const ref = (prefix: string) => `${prefix}:${randomUUID()}`

  return {
    name: 'test',
    features: { capturePerShipment: true, partialCapture: true, partialRefund: true, void: true },
    authorize: ({ token, capture, idempotencyKey }) => once(idempotencyKey, () => {
      if (!(testTokens as readonly string[]).includes(token)) {
        return { status: 'declined', message: `Unknown test card token "${token}"` }
      }
      const behaviour = token as Behaviour
      if (behaviour === 'test_decline') return { status: 'declined', message: 'Card declined (test_decline)' }
      if (behaviour === 'test_error') return { status: 'failed', message: 'Gateway error (test_error)' }
      if (capture && behaviour === 'test_capture_decline') return { status: 'declined', message: 'Capture declined (test_capture_decline)' }
      return { status: 'succeeded', reference: ref(behaviour) }
    }),
    capture: ({ authorization, idempotencyKey }) => once(idempotencyKey, () =>
      behaviourOf(authorization) === 'test_capture_decline'
        ? { status: 'declined', message: 'Capture declined (test_capture_decline)' }
        : { status: 'succeeded', reference: ref('capture') }),
    void: ({ idempotencyKey }) => once(idempotencyKey, () => ({ status: 'succeeded', reference: ref('void') })),
    refund: ({ authorization, idempotencyKey }) => once(idempotencyKey, () =>
      behaviourOf(authorization) === 'test_refund_fail'
        ? { status: 'failed', message: 'Refund failed (test_refund_fail)' }
        : { status: 'succeeded', reference: ref('refund') }),
  }
}
