import { describe, expect, it } from 'vitest'
import {
  allowedOrderActions, orderActions, orderActionNames, orderStatuses, orderSystemSteps, paymentMethods, refusalOf,
  statusFromDeliveries, type OrderFacts, type OrderStatus,
} from './order.machine.ts'
import { deliveryStatuses, type DeliveryStatus } from './delivery.machine.ts'
import { paymentStatuses } from '../payments/payment-status.ts'

/** Every combination of the facts the guards look at. */
function* allFacts(): Generator<OrderFacts> {
  const deliverySets: DeliveryStatus[][] = [[], ['allocated'], ['shipped'], ['delivered', 'allocated'], ['ready_to_ship'], ['cancelled']]
  for (const status of orderStatuses)
    for (const paymentMethod of paymentMethods)
      for (const paymentStatus of paymentStatuses)
        for (const outstanding of [0, 1000])
          for (const uncovered of outstanding ? [0, outstanding] : [0])
            for (const set of deliverySets)
              for (const awaitingPayment of [false, true])
                yield { status, paymentMethod, paymentStatus, outstanding, uncovered, deliveries: set.map((s) => ({ status: s, awaitingPayment })) }
}

describe('the order machine', () => {
  it('reaches every status from placement', () => {
    const edges: [OrderStatus | null, OrderStatus][] = [
      ...Object.values(orderActions).flatMap((a) => a.from.flatMap((f) => a.targets.map((t): [OrderStatus, OrderStatus] => [f, t]))),
      ...orderSystemSteps.place.targets.map((t): [null, OrderStatus] => [null, t]),
      ...orderSystemSteps.deliveries.from.flatMap((f) => orderSystemSteps.deliveries.targets.map((t): [OrderStatus, OrderStatus] => [f, t])),
    ]
    const reached = new Set<OrderStatus | null>([null])
    for (let grew = true; grew;) {
      grew = false
      for (const [f, t] of edges) if (reached.has(f) && !reached.has(t)) { reached.add(t); grew = true }
    }
    expect([...reached].filter(Boolean).sort()).toEqual([...orderStatuses].sort())
  })

  it('offers exactly the actions whose state and guard allow them, and each leads to one of its targets', () => {
    let checked = 0
    for (const facts of allFacts()) {
      const allowed = allowedOrderActions(facts)
      for (const name of orderActionNames) {
        const action = orderActions[name]
        const passes = action.from.includes(facts.status as never) && refusalOf(name, facts) === undefined
        expect(allowed.includes(name), `${name} in ${JSON.stringify(facts)}`).toBe(passes)
        if (passes) expect(action.targets).toContain(action.next(facts))
        checked++
      }
    }
    expect(checked).toBeGreaterThan(10_000)
  })

  it('never offers cancel once something shipped, nor return before', () => {
    for (const facts of allFacts()) {
      const shipped = facts.deliveries.some((d) => d.status === 'shipped' || d.status === 'delivered')
      const allowed = allowedOrderActions(facts)
      if (shipped) expect(allowed).not.toContain('cancel')
      else expect(allowed).not.toContain('return')
    }
  })

  it('leaves card payments to the gateway and finished orders alone', () => {
    for (const facts of allFacts()) {
      const allowed = allowedOrderActions(facts)
      if (facts.paymentMethod === 'card') expect(allowed).not.toContain('confirm-payment')
      if (facts.status === 'cancelled' || facts.status === 'returned') expect(allowed).toEqual([])
    }
  })

  it('says why an action is refused', () => {
    const facts: OrderFacts = { status: 'completed', paymentMethod: 'card', paymentStatus: 'paid', outstanding: 0, uncovered: 0, deliveries: [{ status: 'delivered', awaitingPayment: false }] }
    expect(refusalOf('cancel', facts)).toMatch(/not possible while the order is completed/)
    expect(refusalOf('approve', facts)).toMatch(/not possible/)
    expect(refusalOf('return', facts)).toBeUndefined()
  })

  it('follows its deliveries: partially shipped while some are out, completed when all are delivered', () => {
    const d = (...s: DeliveryStatus[]) => s.map((status) => ({ status }))
    expect(statusFromDeliveries('in_progress', d('allocated', 'packing'))).toBe('in_progress')
    expect(statusFromDeliveries('in_progress', d('shipped', 'allocated'))).toBe('partially_shipped')
    expect(statusFromDeliveries('partially_shipped', d('delivered', 'shipped'))).toBe('partially_shipped')
    expect(statusFromDeliveries('partially_shipped', d('delivered', 'delivered', 'cancelled'))).toBe('completed')
    expect(statusFromDeliveries('awaiting_payment', d('delivered'))).toBe('awaiting_payment')
    expect(deliveryStatuses.length).toBe(10)
  })
})
