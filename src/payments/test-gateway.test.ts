import { describe, expect, it } from 'vitest'
import { createTestGateway } from './test-gateway.ts'

describe('the test gateway', () => {
  it('still knows an authorisation after a restart (a new instance): capture up to it, not beyond', async () => {
    const before = createTestGateway()
    const auth = await before.authorize({ token: 'test_ok', capture: false, amount: 5000, currency: 'CHF', idempotencyKey: 'a1' })
    expect(auth.status).toBe('succeeded')
    expect(before.ledger.get(auth.reference!)).toMatchObject({ authorized: 5000, captured: 0 })

    const after = createTestGateway()
    const call = { authorization: auth.reference!, currency: 'CHF' }
    expect((await after.capture({ ...call, amount: 3000, idempotencyKey: 'c1' })).status).toBe('succeeded')
    expect((await after.capture({ ...call, amount: 2001, idempotencyKey: 'c2' })).status).toBe('declined')
    expect((await after.capture({ ...call, amount: 2000, idempotencyKey: 'c3' })).status).toBe('succeeded')
    expect(before.ledger.get(auth.reference!)?.restored).toBeUndefined()
  })

  it('refunds after a restart what was captured before it, up to the authorisation', async () => {
    const before = createTestGateway()
    const paid = await before.authorize({ token: 'test_ok', capture: true, amount: 4000, currency: 'CHF', idempotencyKey: 'p1' })
    const after = createTestGateway()
    const call = { authorization: paid.reference!, currency: 'CHF' }
    expect((await after.refund({ ...call, amount: 4000, idempotencyKey: 'r1' })).status).toBe('succeeded')
    expect((await after.refund({ ...call, amount: 1, idempotencyKey: 'r2' })).status).toBe('declined')
    // Without a restart, nothing beyond what was captured.
    const fresh = await before.authorize({ token: 'test_ok', capture: false, amount: 4000, currency: 'CHF', idempotencyKey: 'p2' })
    expect((await before.refund({ authorization: fresh.reference!, currency: 'CHF', amount: 1, idempotencyKey: 'r3' })).status).toBe('declined')
  })
})
