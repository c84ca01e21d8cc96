/**
 * Load with invariants, and the same load with a payment gateway that misbehaves at
 * every operation (errors, declines, lost answers): afterwards every invariant holds,
 * and no money moved at the gateway that Ordo does not know of, nor twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from '../harness.ts'
import { createTestGateway, type TestGateway } from '../../src/payments/test-gateway.ts'
import { allViolations } from './invariants.ts'
import { placed, runFloor, setUpFloor, rnd } from './driver.ts'
import { paymentsAnswered } from './process-api.ts'
import { recoverPayments } from '../../src/payments/two-phase.ts'

const CLIENTS = 24
const OPERATIONS = Number(process.env.RELIABILITY_OPERATIONS ?? 2500)

describe('load with invariants', () => {
  let ordo: Ordo
  beforeAll(async () => { ordo = await startOrdo({ poolSize: 30 }) })
  afterAll(async () => { await ordo?.close() })

  it(`${OPERATIONS} mixed operations from ${CLIENTS} clients leave every invariant true`, async () => {
    const floor = await setUpFloor(ordo.api)
    const tally = await runFloor(ordo.api, floor, CLIENTS, OPERATIONS)
    await paymentsAnswered(ordo.db)
    const violations = await allViolations(ordo.db, floor.received)
    console.log(`load: ${tally.requests} requests on ${ordo.kind}`, JSON.stringify(tally.byOperation), JSON.stringify(tally.byStatus), `violations: ${violations.length}`)
    expect(tally.serverErrors).toEqual([])
    expect(violations).toEqual([])
    // The run did real work, not just refusals.
    expect(tally.byOperation.ship ?? 0).toBeGreaterThan(OPERATIONS / 100)
    expect(placed(tally)).toBeGreaterThan(OPERATIONS / 5)
  })
})

describe('payment faults at every operation', () => {
  let ordo: Ordo
  let gateway: TestGateway
  beforeAll(async () => {
    gateway = createTestGateway({ faults: { rate: 0.25, random: rnd } })
    ordo = await startOrdo({ gateway, poolSize: 30 })
  })
  afterAll(async () => { await ordo?.close() })

  it('keeps every invariant, and the gateway never moves money twice or without Ordo knowing', async () => {
    const floor = await setUpFloor(ordo.api)
    const tally = await runFloor(ordo.api, floor, CLIENTS, Math.floor(OPERATIONS * 0.6))
    // The gateway may never have answered some (its faults): asked again, as the recovery job does.
    await paymentsAnswered(ordo.db, { askAgain: () => recoverPayments(ordo.db, gateway, 0) })
    const violations = await allViolations(ordo.db, floor.received)
    console.log(`faults: ${gateway.faultsInjected} injected over ${tally.requests} requests`, JSON.stringify(tally.byStatus), `violations: ${violations.length}`)
    expect(gateway.faultsInjected).toBeGreaterThan(OPERATIONS * 0.02)
    expect(tally.serverErrors).toEqual([])
    expect(violations).toEqual([])

    // What Ordo recorded against each authorisation, next to what the gateway really did.
    const rows = await ordo.db.selectFrom('payment_transactions as t')
      .innerJoin('payment_transactions as a', (j) => j.onRef('a.order_id', '=', 't.order_id'))
      .select(['a.reference as authorization', 't.operation', 't.amount', 't.status'])
      .where('a.operation', 'in', ['AUTH', 'AUTH_CAPTURE']).where('a.status', '=', 'succeeded')
      .execute()
    const ordoSide = new Map<string, { captured: number; refunded: number; failed: number }>()
    for (const r of rows) {
      const e = ordoSide.get(r.authorization!) ?? { captured: 0, refunded: 0, failed: 0 }
      if (r.status === 'succeeded' && (r.operation === 'AUTH_CAPTURE' || r.operation === 'CAPTURE')) e.captured += r.amount
      if (r.status === 'succeeded' && r.operation === 'REFUND') e.refunded += r.amount
      if (r.status === 'failed') e.failed++
      ordoSide.set(r.authorization!, e)
    }
    let ambiguous = 0
    for (const [authorization, real] of gateway.ledger) {
      const known = ordoSide.get(authorization) ?? { captured: 0, refunded: 0, failed: 0 }
      expect(real.captured, authorization).toBeLessThanOrEqual(real.authorized)
      expect(new Set(real.captureKeys).size, `${authorization} captured twice for one attempt`).toBe(real.captureKeys.length)
      // Ordo never counts money the gateway did not move.
      expect(known.captured, authorization).toBeLessThanOrEqual(real.captured)
      expect(known.refunded, authorization).toBeLessThanOrEqual(real.refunded)
      // More moved than Ordo knows only where an attempt never got an answer, even after asking again.
      if (real.captured !== known.captured || real.refunded !== known.refunded) {
        ambiguous++
        expect(known.failed, `${authorization}: gateway ${JSON.stringify(real)} vs Ordo ${JSON.stringify(known)}`).toBeGreaterThan(0)
      }
    }
    console.log(`faults: ${gateway.ledger.size} authorisations checked against the gateway, ${ambiguous} left ambiguous by unanswered attempts`)
  })
})
