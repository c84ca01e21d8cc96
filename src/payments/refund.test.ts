import { describe, expect, it } from 'vitest'
import type { OrderState } from '../orders/order.repo.ts'
import { gatewayRefundable, refundPlan } from './refund.ts'

const tx = (operation: string, amount: number, status = 'succeeded') => ({ operation, amount, status, reference: operation === 'AUTH' || operation === 'AUTH_CAPTURE' ? 'test_ok:1' : null })
const orderWith = (transactions: ReturnType<typeof tx>[]) => ({ row: {}, lines: [], deliveries: [], transactions } as unknown as OrderState)

describe('refund plan', () => {
  it('refunds through the gateway only what it captured; the rest offline', () => {
    // Capture declined, then overridden: the gateway holds nothing.
    const overridden = orderWith([tx('AUTH', 3000), tx('CAPTURE', 3000, 'declined'), tx('OVERRIDE', 3000)])
    expect(gatewayRefundable(overridden)).toBe(0)
    expect(refundPlan(overridden, 3000)).toEqual({ viaGateway: 0, offline: 3000 })
    const partly = orderWith([tx('AUTH', 3000), tx('CAPTURE', 1000), tx('OVERRIDE', 2000), tx('REFUND', 400)])
    expect(refundPlan(partly, 2500)).toEqual({ viaGateway: 600, offline: 1900 })
  })

  it('records a manual refund without the gateway, and gives a full-refund-only gateway only full refunds', () => {
    const paid = orderWith([tx('AUTH_CAPTURE', 5000)])
    expect(refundPlan(paid, 2000, true)).toEqual({ viaGateway: 0, offline: 2000 })
    expect(refundPlan(paid, 2000, false, false)).toEqual({ viaGateway: 0, offline: 2000 })
    expect(refundPlan(paid, 5000, false, false)).toEqual({ viaGateway: 5000, offline: 0 })
    // Bank transfer: no authorisation at all.
    expect(refundPlan(orderWith([tx('OFFLINE', 5000)].map((t) => ({ ...t, reference: null }))), 5000)).toEqual({ viaGateway: 0, offline: 5000 })
  })
})
