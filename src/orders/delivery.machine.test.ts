import { describe, expect, it } from 'vitest'
import {
  allowedDeliveryActions, deliveryActions, deliveryActionNames, deliveryKinds, deliveryRefusalOf, deliveryStatuses,
  deliverySystemSteps, initialDeliveryStatus, type DeliveryFacts, type DeliveryStatus,
} from './delivery.machine.ts'

describe('the delivery machine', () => {
  it('reaches every status from the initial ones', () => {
    const edges = [...Object.values(deliveryActions), ...Object.values(deliverySystemSteps)]
      .flatMap((a) => a.from.map((f): [DeliveryStatus, DeliveryStatus] => [f, a.to]))
    const reached = new Set<DeliveryStatus>(Object.values(initialDeliveryStatus))
    for (let grew = true; grew;) {
      grew = false
      for (const [f, t] of edges) if (reached.has(f) && !reached.has(t)) { reached.add(t); grew = true }
    }
    expect([...reached].sort()).toEqual([...deliveryStatuses].sort())
  })

  it('offers exactly the actions whose state and guard allow them', () => {
    for (const status of deliveryStatuses)
      for (const kind of deliveryKinds)
        for (const orderUnderWay of [true, false])
          for (const awaitingPayment of [true, false]) {
            const facts: DeliveryFacts = { status, kind, orderUnderWay, awaitingPayment }
            const allowed = allowedDeliveryActions(facts)
            for (const name of deliveryActionNames) {
              const expected = deliveryActions[name].from.includes(status as never) && deliveryRefusalOf(name, facts) === undefined
              expect(allowed.includes(name)).toBe(expected)
            }
            if (!orderUnderWay) expect(allowed).toEqual([])
            if (kind === 'electronic') expect(allowed).not.toContain('pack')
          }
  })

  it('runs pack, ready, ship, deliver in that order', () => {
    const at = (status: DeliveryStatus) => allowedDeliveryActions({ status, kind: 'standard', orderUnderWay: true, awaitingPayment: false })
    expect(at('allocated')).toEqual(['pack'])
    expect(at('packing')).toEqual(['ready'])
    expect(at('ready_to_ship')).toEqual(['ship'])
    expect(at('shipped')).toEqual(['deliver'])
    expect(at('delivered')).toEqual([])
    expect(at('awaiting_inventory')).toEqual([])
  })
})
