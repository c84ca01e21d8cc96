/**
 * Vouchers sold by an order: one per unit, issued once the order is paid; voided when
 * the order is cancelled or refunded. A voucher that was already used blocks giving
 * back the money it was bought with.
 */
import type { Insertable } from 'kysely'
import { actorColumns, type Actor } from '../auth/actor.ts'
import type { VouchersTable } from '../db/tables/vouchers.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import type { OrderState } from '../orders/order.repo.ts'
import { uuidv7 } from '../shared/ids.ts'
import { formatAmount } from '../payments/payment.service.ts'
import { newVoucherCode } from './voucher-code.ts'
import { voidVoucher } from './voucher-balance.ts'
import type { VoucherRow } from './voucher.repo.ts'

/** Issues what the paid order's voucher lines still owe; returns the new vouchers. */
export async function issueOrderVouchers(trx: Database, actor: Actor, order: OrderState): Promise<VoucherRow[]> {
  const lines = order.lines.filter((l) => l.kind === 'voucher' && l.quantity - l.cancelled_quantity > 0)
  if (lines.length === 0) return []
  const existing = await trx.selectFrom('vouchers').select(['order_line_id']).where('order_id', '=', order.row.id).execute()
  const settings = await trx.selectFrom('product_issue_settings').selectAll().where('sku', 'in', lines.map((l) => l.sku)).execute()
  const rows: Insertable<VouchersTable>[] = []
  for (const line of lines) {
    const owed = line.quantity - line.cancelled_quantity - existing.filter((e) => e.order_line_id === line.id).length
    const s = settings.find((x) => x.sku === line.sku)
    const expires = new Date()
    expires.setUTCMonth(expires.getUTCMonth() + (s?.voucher_validity_months ?? 36))
    // The voucher is worth what was paid for one unit, tax included.
    const value = Math.round((line.amount + (order.row.prices_include_tax ? 0 : line.tax)) / line.quantity)
    for (let i = 0; i < owed; i++) {
      rows.push({
        id: uuidv7(), code: newVoucherCode(), shop_code: order.row.shop_code, currency: order.row.currency,
        value, balance: value, status: 'active', expires_at: expires, order_id: order.row.id, order_line_id: line.id,
        recipient: null, message: null, notes: null, layout: s?.voucher_layout ?? 'classic',
      })
    }
  }
  if (rows.length === 0) return []
  // One statement per table, however many vouchers the order sold.
  const issued = await trx.insertInto('vouchers').values(rows).returningAll().execute()
  await trx.insertInto('voucher_history').values(issued.map((v) => ({
    voucher_id: v.id, type: 'issued', amount: v.value, balance: v.balance, reference: null, order_id: order.row.id,
    note: `Sold with order ${order.row.number}`, ...actorColumns(actor),
  }))).execute()
  await trx.insertInto('events').values(issued.map((v) => ({
    type: 'voucher.issued' as const, order_id: v.order_id, shop_code: v.shop_code,
    payload: JSON.stringify({ orderId: v.order_id, voucherId: v.id, code: v.code, value: v.value, currency: v.currency }),
  }))).execute()
  return issued
}

/**
 * Refuses to give back an order's money while a voucher it sold has been used: the
 * value spent is gone and cannot be refunded. Called before any payment is touched.
 */
export async function refuseRefundOfUsedVouchers(trx: Database, order: OrderState): Promise<void> {
  const used = await trx.selectFrom('vouchers').select(['code', 'value', 'balance', 'status', 'currency'])
    .where('order_id', '=', order.row.id).where((eb) => eb.or([eb('balance', '<', eb.ref('value')), eb('status', '=', 'redeemed')]))
    .where('status', '!=', 'voided').execute()
  if (used.length === 0) return
  const spent = used.reduce((s, v) => s + v.value - v.balance, 0)
  throw new DomainError('voucher_used',
    `Voucher ${used.map((v) => v.code).join(', ')} sold with this order has been used (${formatAmount(spent, order.row.currency)} spent), `
    + 'so its value cannot be refunded. Void it on the voucher, or refund only the other lines.',
    { vouchers: used.map((v) => ({ code: v.code, value: v.value, balance: v.balance, status: v.status })) })
}

/**
 * Voids the vouchers of lines cancelled after they were issued (newest first, unused
 * ones only: a used voucher stays, and is reported in the order's history).
 */
export async function voidCancelledLineVouchers(trx: Database, actor: Actor, order: OrderState): Promise<{ voided: number; kept: string[] }> {
  const lines = order.lines.filter((l) => l.kind === 'voucher' && l.cancelled_quantity > 0)
  let voided = 0
  const kept: string[] = []
  for (const line of lines) {
    const live = await trx.selectFrom('vouchers').selectAll().where('order_line_id', '=', line.id).where('status', '!=', 'voided')
      .orderBy('created_at', 'desc').forUpdate().execute()
    let excess = live.length - (line.quantity - line.cancelled_quantity)
    for (const v of live) {
      if (excess <= 0) break
      if (v.status === 'active' && v.balance === v.value) { await voidVoucher(trx, actor, v, `Line ${line.line_no} of order ${order.row.number} cancelled`, order.row.id); voided++ } else kept.push(v.code)
      excess--
    }
  }
  return { voided, kept }
}

/** Voids the unused vouchers of a cancelled or refunded order. */
export async function voidOrderVouchers(trx: Database, actor: Actor, order: OrderState, why: string): Promise<number> {
  const open = await trx.selectFrom('vouchers').selectAll().where('order_id', '=', order.row.id).where('status', '=', 'active').forUpdate().execute()
  for (const v of open) await voidVoucher(trx, actor, v, `Order ${order.row.number} ${why}`, order.row.id)
  return open.length
}
