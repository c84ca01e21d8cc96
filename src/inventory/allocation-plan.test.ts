import { describe, expect, it } from 'vitest'
import { planDeliveries, type PlanLine } from './allocation-plan.ts'

const line = (index: number, sku: string, quantity: number, extra: Partial<PlanLine> = {}): PlanLine =>
  ({ index, sku, quantity, kind: 'physical', backorder: false, availableFrom: null, ...extra })
const level = (warehouse: string, sku: string, onHand: number, reserved = 0, priority = 0) => ({ warehouse, sku, onHand, reserved, priority })

describe('splitting an order into deliveries', () => {
  it('ships from one warehouse when it has everything', () => {
    const plan = planDeliveries([line(0, 'A', 2), line(1, 'B', 1)],
      [level('w1', 'A', 5), level('w2', 'A', 5), level('w2', 'B', 1)], '2026-01-01')
    expect(plan).toEqual({ ok: true, deliveries: [{ kind: 'standard', warehouse: 'w2', availableFrom: null, parts: [{ index: 0, sku: 'A', quantity: 2 }, { index: 1, sku: 'B', quantity: 1 }] }] })
  })

  it('splits across warehouses, then back-orders the rest when the product allows', () => {
    const plan = planDeliveries([line(0, 'A', 5, { backorder: true })], [level('w1', 'A', 2), level('w2', 'A', 4, 2, 1)], '2026-01-01')
    expect(plan.ok && plan.deliveries.map((d) => [d.kind, d.warehouse, d.parts[0].quantity])).toEqual([
      ['standard', 'w1', 2], ['standard', 'w2', 2], ['backorder', null, 1],
    ])
  })

  it('refuses what is short and not back-orderable, saying how much there is', () => {
    const plan = planDeliveries([line(0, 'A', 3)], [level('w1', 'A', 3, 1)], '2026-01-01')
    expect(plan).toEqual({ ok: false, short: [{ sku: 'A', requested: 3, available: 2 }] })
  })

  it('counts a SKU ordered on two lines against the same stock', () => {
    const plan = planDeliveries([line(0, 'A', 2), line(1, 'A', 2)], [level('w1', 'A', 3)], '2026-01-01')
    expect(plan.ok).toBe(false)
  })

  it('holds pre-orders until their date and sends electronic lines on their own', () => {
    const plan = planDeliveries([
      line(0, 'P', 1, { availableFrom: '2026-06-01' }),
      line(1, 'E', 1, { kind: 'electronic' }),
      line(2, 'R', 1, { availableFrom: '2025-12-01' }),
    ], [level('w1', 'R', 1)], '2026-01-01')
    expect(plan.ok && plan.deliveries.map((d) => [d.kind, d.availableFrom])).toEqual([
      ['standard', null], ['preorder', '2026-06-01'], ['electronic', null],
    ])
  })
})
