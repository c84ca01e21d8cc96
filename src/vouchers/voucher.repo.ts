/** Reading and writing voucher rows and their history. */
import type { Selectable } from 'kysely'
import { actorColumns, seesShop, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { VoucherHistoryTable, VouchersTable } from '../db/tables/vouchers.ts'
import { DomainError } from '../http/errors.ts'
import type { EventType } from '../orders/events.ts'
import { normaliseVoucherCode } from './voucher-code.ts'

export type VoucherRow = Selectable<VouchersTable>
export type VoucherHistoryRow = Selectable<VoucherHistoryTable>

/** The voucher with this code; another shop's voucher does not exist for the actor (404). */
export async function findVoucher(db: Database, actor: Actor, codeInput: string, lock = false): Promise<VoucherRow> {
  const code = normaliseVoucherCode(codeInput)
  const notFound = () => new DomainError('voucher_not_found', `There is no voucher "${codeInput}"`)
  if (!code) throw notFound()
  let query = db.selectFrom('vouchers').selectAll().where('code', '=', code)
  if (lock) query = query.forUpdate()
  const row = await query.executeTakeFirst()
  if (!row || !seesShop(actor, row.shop_code)) throw notFound()
  return row
}

export interface HistoryFields {
  type: string
  amount?: number | null
  reference?: string | null
  orderId?: string | null
  note?: string | null
}

export async function appendVoucherHistory(trx: Database, actor: Actor, v: VoucherRow, f: HistoryFields): Promise<void> {
  await trx.insertInto('voucher_history').values({
    voucher_id: v.id, type: f.type, amount: f.amount ?? null, balance: v.balance,
    reference: f.reference ?? null, order_id: f.orderId ?? v.order_id ?? null, note: f.note ?? null, ...actorColumns(actor),
  }).execute()
}

/** An outgoing event about a voucher, in the same transaction as its change. */
export async function voucherEvent(trx: Database, type: EventType, v: VoucherRow, payload: Record<string, unknown> = {}): Promise<void> {
  await trx.insertInto('events').values({
    type, order_id: v.order_id, shop_code: v.shop_code,
    payload: JSON.stringify({ orderId: v.order_id, voucherId: v.id, code: v.code, balance: v.balance, currency: v.currency, ...payload }),
  }).execute()
}

export async function saveVoucher(trx: Database, v: VoucherRow): Promise<VoucherRow> {
  return trx.updateTable('vouchers').set({
    balance: v.balance, status: v.status, expires_at: v.expires_at, notes: v.notes, layout: v.layout,
    recipient: v.recipient, message: v.message, updated_at: new Date(),
  }).where('id', '=', v.id).returningAll().executeTakeFirstOrThrow()
}
