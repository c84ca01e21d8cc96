/**
 * The built-in test gateway. The card token chooses the answer:
 *   test_ok               everything succeeds
 *   test_decline          the authorisation is declined
 *   test_error            the gateway fails (as on a timeout or an outage)
 *   test_capture_decline  authorisation succeeds, every capture is declined
 *   test_refund_fail      everything succeeds but refunds, which fail
 * Like a real gateway it answers a repeated idempotency key with its first answer, and
 * its authorisation reference carries what it needs for later operations.
 *
 * For the reliability suite it can also inject faults at every operation: an error
 * before anything happens, a decline, or a lost answer (the operation ran, the caller
 * hears only a timeout). Its ledger then says what really moved, to compare with Ordo's.
 */
import { randomUUID } from 'node:crypto'
import type { GatewayResult, PaymentGateway } from './gateway.ts'

export const testTokens = ['test_ok', 'test_decline', 'test_error', 'test_capture_decline', 'test_refund_fail'] as const
type Behaviour = (typeof testTokens)[number]

export interface FaultOptions {
  /** Share of operations that go wrong, 0 to 1. */
  rate: number
  random?: () => number
}

/** What the gateway really did, per authorisation. */
export interface LedgerEntry {
  authorized: number; captured: number; refunded: number; voided: number; captureKeys: string[]
  /** Rebuilt from its reference after a restart: what was captured before is unknown, so up to the authorisation may be refunded. */
  restored?: boolean
}

export interface TestGateway extends PaymentGateway {
  ledger: Map<string, LedgerEntry>
  faultsInjected: number
}

export function createTestGateway(options: { faults?: FaultOptions } = {}): TestGateway {
  const answered = new Map<string, GatewayResult>()
  const ledger = new Map<string, LedgerEntry>()
  const random = options.faults?.random ?? Math.random
  const gateway: TestGateway = { ledger, faultsInjected: 0 } as TestGateway

  /** Answers a key once; later calls with it get the same answer. Faults may hide or replace it. */
  const once = async (key: string, run: () => GatewayResult): Promise<GatewayResult> => {
    const known = answered.get(key)
    if (known) return known
    const fault = options.faults && random() < options.faults.rate ? pickFault(random) : undefined
    if (fault === 'error') { gateway.faultsInjected++; throw new Error('connection reset (injected)') }
    if (fault === 'decline') {
      gateway.faultsInjected++
      const declined: GatewayResult = { status: 'declined', message: 'Declined (injected)' }
      answered.set(key, declined)
      return declined
    }
    const result = run()
    answered.set(key, result)
    if (fault === 'lost') { gateway.faultsInjected++; throw new Error('timeout: the answer was lost (injected)') }
    return result
  }
  const behaviourOf = (authorization: string): Behaviour =>
    (testTokens as readonly string[]).find((t) => authorization.startsWith(`${t}:`)) as Behaviour ?? 'test_ok'
  const entry = (authorization: string) => {
    // After a restart the ledger is empty, but the reference still says what was authorised (A7).
    const e = ledger.get(authorization)
      ?? { authorized: authorizedIn(authorization), captured: 0, refunded: 0, voided: 0, captureKeys: [], restored: authorizedIn(authorization) > 0 || undefined }
    ledger.set(authorization, e)
    return e
  }

  return Object.assign(gateway, {
    name: 'test',
    features: { capturePerShipment: true, partialCapture: true, partialRefund: true, void: true },
    authorize: ({ token, capture, idempotencyKey, amount }: { token: string; capture: boolean; idempotencyKey: string; amount: number }) => once(idempotencyKey, () => {
      if (!(testTokens as readonly string[]).includes(token)) return { status: 'declined', message: `Unknown test card token "${token}"` }
      const behaviour = token as Behaviour
      if (behaviour === 'test_decline') return { status: 'declined', message: 'Card declined (test_decline)' }
      if (behaviour === 'test_error') return { status: 'failed', message: 'Gateway error (test_error)' }
      if (capture && behaviour === 'test_capture_decline') return { status: 'declined', message: 'Capture declined (test_capture_decline)' }
      const reference = `${behaviour}:${randomUUID()}:${amount}`
      const e: LedgerEntry = { authorized: amount, captured: 0, refunded: 0, voided: 0, captureKeys: [] }
      ledger.set(reference, e)
      if (capture) { e.captured += amount; e.captureKeys.push(idempotencyKey) }
      return { status: 'succeeded', reference }
    }),
    capture: ({ authorization, idempotencyKey, amount }: { authorization: string; idempotencyKey: string; amount: number }) => once(idempotencyKey, () => {
      if (behaviourOf(authorization) === 'test_capture_decline') return { status: 'declined', message: 'Capture declined (test_capture_decline)' }
      const e = entry(authorization)
      if (e.captured + amount > e.authorized) return { status: 'declined', message: 'Capture exceeds the authorisation' }
      e.captured += amount
      e.captureKeys.push(idempotencyKey)
      return { status: 'succeeded', reference: `capture:${randomUUID()}` }
    }),
    void: ({ authorization, idempotencyKey, amount }: { authorization: string; idempotencyKey: string; amount: number }) => once(idempotencyKey, () => {
      entry(authorization).voided += amount
      return { status: 'succeeded', reference: `void:${randomUUID()}` }
    }),
    refund: ({ authorization, idempotencyKey, amount }: { authorization: string; idempotencyKey: string; amount: number }) => once(idempotencyKey, () => {
      if (behaviourOf(authorization) === 'test_refund_fail') return { status: 'failed', message: 'Refund failed (test_refund_fail)' }
      const e = entry(authorization)
      if (e.refunded + amount > (e.restored ? Math.max(e.captured, e.authorized) : e.captured)) return { status: 'declined', message: 'Refund exceeds what was captured' }
      e.refunded += amount
      return { status: 'succeeded', reference: `refund:${randomUUID()}` }
    }),
  })
}

/** The amount an authorisation reference carries (`test_ok:<uuid>:<amount>`); 0 for older references. */
function authorizedIn(reference: string): number {
  const amount = Number(reference.split(':')[2])
  return Number.isSafeInteger(amount) && amount > 0 ? amount : 0
}

function pickFault(random: () => number): 'error' | 'decline' | 'lost' {
  const r = random()
  return r < 0.4 ? 'error' : r < 0.7 ? 'decline' : 'lost'
}
