/**
 * Payment reminders (A15). An invoice order is due `paymentTermsDays` after its invoice.
 * Once it is `reminder1Days` past due and unpaid it moves to level 1, at `reminder2Days`
 * to level 2, one level per run, each with its history entry, its event (which sends the
 * e-mail) and the shop's fee. Days are counted in the shop's time zone. Paying clears it.
 */
import { sql } from 'kysely'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { inTransaction } from '../db/transaction.ts'
import { DomainError } from '../http/errors.ts'
import { Journal } from '../orders/journal.ts'
import { loadOrder, loadOrderFor, type OrderState } from '../orders/order.repo.ts'
import { outstandingOf } from '../payments/payment.service.ts'
import { dayIn } from '../shared/currency.ts'
import { loadProfile, type ShopProfileRow } from '../shops/shop-profile.ts'

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)

/** The level an unpaid order should have reached today. */
export function levelDue(dueDate: string, today: string, p: Pick<ShopProfileRow, 'reminder1_days' | 'reminder2_days'>): number {
  const late = daysBetween(dueDate, today)
  if (late <= 0) return 0
  return late >= p.reminder2_days ? 2 : late >= p.reminder1_days ? 1 : 0
}

interface Row { order_id: string; shop_code: string; due_date: string; level: number; fees: number }

/** Sends the next reminder for the order (`force`: now, whatever the dates say); false when there is none to send. */
async function remind(trx: Database, actor: Actor, order: OrderState, row: Row, profile: ShopProfileRow, now: Date, force: boolean): Promise<boolean> {
  const o = order.row
  if (o.payment_status === 'paid' || o.status === 'cancelled' || outstandingOf(order) <= 0) {
    await trx.updateTable('order_dunning').set({ cleared_at: now }).where('order_id', '=', o.id).execute()
    return false
  }
  const target = force ? Math.min(2, row.level + 1) : levelDue(row.due_date, dayIn(now, profile.time_zone), profile)
  if (target <= row.level) return false
  const level = row.level + 1
  const fees = row.fees + profile.reminder_fee
  await trx.updateTable('order_dunning').set({ level, fees, last_reminded_at: now }).where('order_id', '=', o.id).execute()
  const journal = new Journal(actor)
  journal.entry(o.id, 'dunning', { action: 'remind', note: `Payment reminder ${level}: ${outstandingOf(order)} ${o.currency} due since ${row.due_date}${profile.reminder_fee ? `, fee ${profile.reminder_fee}` : ''}` })
  journal.event('order.reminder_sent', o.id, o.shop_code, {
    level, dueDate: row.due_date, outstanding: outstandingOf(order), fee: profile.reminder_fee, fees, invoiceNumber: o.invoice_number,
  })
  await journal.flush(trx)
  return true
}

async function lockedRow(trx: Database, orderId: string): Promise<Row | undefined> {
  return trx.selectFrom('order_dunning').select(['order_id', 'shop_code', 'due_date', 'level', 'fees'])
    .where('order_id', '=', orderId).where('cleared_at', 'is', null).forUpdate().executeTakeFirst()
}

/** The daily job (or a run by someone, for the shops they see): each open order in its own short transaction, so one failure stops nothing else. */
export async function runDunning(db: Database, actor: Actor, now = new Date()): Promise<{ checked: number; reminded: number }> {
  // Someone who sees only some shops runs the job for those shops only.
  const open = await db.selectFrom('order_dunning').select('order_id')
    .$if(actor.shops !== null, (q) => q.where('shop_code', 'in', actor.shops!.length ? actor.shops! : ['']))
    .where('cleared_at', 'is', null).where('level', '<', 2).where('due_date', '<', sql<string>`(${now.toISOString()}::timestamptz)::date + 1`)
    .orderBy('due_date').execute()
  let reminded = 0
  for (const { order_id } of open) {
    const sent = await inTransaction(db, async (trx) => {
      const order = await loadOrder(trx, order_id, true)
      const row = await lockedRow(trx, order_id)
      if (!row) return false
      return remind(trx, actor, order, row, await loadProfile(trx, row.shop_code), now, false)
    })
    if (sent) reminded++
  }
  return { checked: open.length, reminded }
}

/** `POST /orders/{id}/actions/remind`: the next reminder now. */
export async function remindNow(trx: Database, actor: Actor, orderId: string): Promise<{ level: number; dueDate: string; fees: number }> {
  const order = await loadOrderFor(actor, trx, orderId, true)
  const row = await lockedRow(trx, order.row.id)
  if (!row) throw new DomainError('transition_not_allowed', 'The order has no open invoice to remind of (not an invoice order, not invoiced yet, or paid)')
  if (row.level >= 2) throw new DomainError('transition_not_allowed', 'The last reminder level has been reached')
  const sent = await remind(trx, actor, order, row, await loadProfile(trx, row.shop_code), new Date(), true)
  if (!sent) throw new DomainError('transition_not_allowed', 'The order is paid: there is nothing to remind of')
  const after = await trx.selectFrom('order_dunning').select(['level', 'due_date', 'fees']).where('order_id', '=', order.row.id).executeTakeFirstOrThrow()
  return { level: after.level, dueDate: after.due_date, fees: after.fees }
}

/** The dunning state of orders, for lists: level, due date, fees. */
export async function dunningOf(db: Database, orderIds: string[]) {
  if (orderIds.length === 0) return new Map<string, { level: number; dueDate: string; fees: number; cleared: boolean }>()
  const rows = await db.selectFrom('order_dunning').selectAll().where('order_id', 'in', orderIds).execute()
  return new Map(rows.map((r) => [r.order_id, { level: r.level, dueDate: r.due_date, fees: r.fees, cleared: r.cleared_at !== null }]))
}
