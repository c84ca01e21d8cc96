/**
 * What one transaction has to say about the orders it changes: history entries,
 * payment transactions and outgoing events. They are collected while the change runs
 * and written together at its end, inside the same database transaction.
 */
import type { Insertable } from 'kysely'
import type { Database } from '../db/database.ts'
import { writeTogether, type Together, type Write } from '../db/write-together.ts'
import type { OrderHistoryTable, PaymentTransactionsTable } from '../db/schema.ts'
import { actorColumns, type Actor } from '../auth/actor.ts'
import type { EventType } from './events.ts'
import type { NumberAtWrite } from '../db/number-at-write.ts'

export interface Notes { note?: string | null; clientNote?: string | null }

export class Journal {
  readonly actor: Actor
  readonly history: Insertable<OrderHistoryTable>[] = []
  readonly transactions: Insertable<PaymentTransactionsTable>[] = []
  readonly events: { type: EventType; order_id: string; shop_code: string; payload: string }[] = []
  /** Other writes that belong with the change (a payment attempt marked recorded). */
  readonly writes: Write[] = []
  /** The invoice number the change's write takes, when it issues an invoice. */
  number?: NumberAtWrite

  constructor(actor: Actor) { this.actor = actor }

  entry(orderId: string, type: string, fields: {
    action?: string; from?: string | null; to?: string | null; deliveryId?: string | null
  } & Notes = {}): void {
    this.history.push({
      order_id: orderId,
      delivery_id: fields.deliveryId ?? null,
      type,
      action: fields.action ?? null,
      from_status: fields.from ?? null,
      to_status: fields.to ?? null,
      note: fields.note ?? null,
      client_note: fields.clientNote ?? null,
      ...actorColumns(this.actor),
      at: new Date(),
    })
  }

  transaction(row: Omit<Insertable<PaymentTransactionsTable>, 'actor_kind' | 'actor_id' | 'actor_name'>): void {
    this.transactions.push({ ...row, ...actorColumns(this.actor) })
  }

  event(type: EventType, orderId: string, shopCode: string, payload: Record<string, unknown> = {}): void {
    this.events.push({ type, order_id: orderId, shop_code: shopCode, payload: JSON.stringify({ orderId, ...payload }) })
  }

  also(write: Write): void {
    this.writes.push(write)
  }

  /** Writes everything collected (and the rows `alongside`) in one statement. */
  flush(trx: Database, ...alongside: Write[]): Promise<void> {
    return this.flushWith(trx, {}, alongside)
  }

  /** The same, as the transaction's last statement (Together.last). */
  flushLast(trx: Database, ...alongside: Write[]): Promise<void> {
    return this.flushWith(trx, { last: true }, alongside)
  }

  private async flushWith(trx: Database, together: Together, alongside: Write[]): Promise<void> {
    await writeTogether(trx, [
      ...alongside,
      ...this.writes.splice(0),
      { into: 'payment_transactions', rows: this.transactions.splice(0) },
      { into: 'order_history', rows: this.history.splice(0) },
      { into: 'events', rows: this.events.splice(0) },
    ], { ...together, number: this.number })
    this.number = undefined
  }
}
