/** Payment terms and reminders (A15): due dates from the terms, levels by a job on a fixed clock, e-mails, paying clears. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { createWorld, expectProblem, getHistory, must, orderAction, placeOrder } from './fixtures.ts'
import { workerFor } from './jobs-support.ts'
import { runDunning } from '../src/dunning/dunning.ts'
import { systemActor } from '../src/auth/actor.ts'
import { dayIn } from '../src/shared/currency.ts'

let ordo: Ordo
beforeAll(async () => { ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

const days = (n: number) => new Date(Date.now() + n * 86_400_000)
const dunning = (orderId: string) => ordo.db.selectFrom('order_dunning').selectAll().where('order_id', '=', orderId).executeTakeFirst()
const run = (at: Date) => runDunning(ordo.db, systemActor('test'), at)
const mailOf = async (orderId: string) => must(await ordo.api('GET', `/mail?orderId=${orderId}`), 200).items as any[]

describe('payment terms and reminders', () => {
  it('gives invoice orders a due date, reminds at level 1 then 2 with the fee, and paying clears it', async () => {
    const w = await createWorld(ordo.api, { price: 10_000 })
    must(await ordo.api('PATCH', `/shops/${w.shop.code}/billing`, {
      paymentTermsDays: 10, reminder1Days: 5, reminder2Days: 15, reminderFee: 500, iban: 'CH9300762011623852957', legalName: 'Muster AG',
    }), 200)
    const order = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], { method: 'invoice' })
    const start = await dunning(order.id)
    expect(start).toMatchObject({ level: 0, due_date: dayIn(days(10), 'Europe/Zurich'), cleared_at: null })

    expect(await run(days(12))).toMatchObject({ reminded: 0 })
    expect(await run(days(16))).toMatchObject({ reminded: 1 })
    expect(await dunning(order.id)).toMatchObject({ level: 1, fees: 500 })
    // The same day again: nothing more.
    expect(await run(days(16))).toMatchObject({ reminded: 0 })
    expect(await run(days(26))).toMatchObject({ reminded: 1 })
    expect(await dunning(order.id)).toMatchObject({ level: 2, fees: 1000 })
    expect(await run(days(60))).toMatchObject({ reminded: 0 })

    const history = await getHistory(ordo.api, order.id)
    expect(history.filter((h) => h.action === 'remind').map((h) => h.note)).toEqual([
      expect.stringContaining('Payment reminder 1'), expect.stringContaining('Payment reminder 2'),
    ])
    await workerFor(ordo).drain()
    const reminders = (await mailOf(order.id)).filter((m) => m.event === 'order.reminder_sent')
    expect(reminders.map((m) => m.subject).sort()).toEqual([`Payment reminder 1: order ${order.number}`, `Payment reminder 2: order ${order.number}`])
    expect(reminders[0].text).toContain('100.00 CHF is still open')
    expect(reminders[0].text).toContain('IBAN CH93 0076 2011 6238 5295 7')

    must(await orderAction(ordo.api, order.id, 'confirm-payment', {}), 200)
    expect((await dunning(order.id))!.cleared_at).not.toBeNull()
  })

  it('lists overdue orders by level, and sends a reminder on demand', async () => {
    const w = await createWorld(ordo.api)
    must(await ordo.api('PATCH', `/shops/${w.shop.code}/billing`, { paymentTermsDays: 0, reminder1Days: 1, reminder2Days: 2 }), 200)
    const late = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], { method: 'invoice' })
    const onTime = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], { method: 'invoice' })
    const byCard = await placeOrder(ordo.api, w, [{ sku: w.product.sku, quantity: 1 }], { method: 'bank_transfer' })
    // Time passes for one of them: its due date is three days ago.
    await ordo.db.updateTable('order_dunning').set({ due_date: dayIn(days(-3), 'Europe/Zurich') }).where('order_id', '=', late.id).execute()
    const ids = async (query: string) => must(await ordo.api('GET', `/orders?shop=${w.shop.code}&${query}`), 200).items.map((o: any) => o.id)
    expect(await ids('overdue=true')).toEqual([late.id])
    expect(await ids('dunningLevel=0')).toEqual(expect.arrayContaining([late.id, onTime.id]))
    expect(await ids('dunningLevel=0')).not.toContain(byCard.id)

    const key = { 'idempotency-key': `remind-${onTime.id}` }
    const reminded = must(await ordo.api('POST', `/orders/${onTime.id}/actions/remind`, {}, key), 200)
    expect(reminded.level).toBe(1)
    // A retry with the same key answers the same and sends nothing more.
    expect(must(await ordo.api('POST', `/orders/${onTime.id}/actions/remind`, {}, key), 200)).toEqual(reminded)
    expect((await getHistory(ordo.api, onTime.id)).filter((h) => h.action === 'remind')).toHaveLength(1)
    expect(await ids('dunningLevel=1,2')).toEqual([onTime.id])
    expect(await ids('dunningLevel=1&overdue=true')).toEqual([])
    expectProblem(await ordo.api('POST', `/orders/${byCard.id}/actions/remind`, {}), 409, 'transition_not_allowed')
    expectProblem(await ordo.api('GET', `/orders?dunningLevel=7`), 400, 'validation_failed')
    must(await ordo.api('POST', `/orders/${onTime.id}/actions/remind`, {}), 200)
    expectProblem(await ordo.api('POST', `/orders/${onTime.id}/actions/remind`, {}), 409, 'transition_not_allowed')
  })
})
