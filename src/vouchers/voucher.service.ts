/** The Vouchers area (A20): finding vouchers, changing them, redeeming them, their history. */
import { sql, type Selectable } from 'kysely'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { VoucherHistoryTable } from '../db/tables/vouchers.ts'
import { DomainError } from '../http/errors.ts'
import { factsOfVoucher, redeemVoucher, voidVoucher } from './voucher-balance.ts'
import { voucherActions, voucherRefusalOf } from './voucher.machine.ts'
import { appendVoucherHistory, findVoucher, saveVoucher, type VoucherRow } from './voucher.repo.ts'
import type { PatchVoucherInput, RedeemInput, VoucherApi, VoucherQueryInput } from './voucher.schemas.ts'

export function voucherToApi(v: VoucherRow, orderNumber: string | null = null): VoucherApi {
  return {
    id: v.id, code: v.code, shop: v.shop_code, currency: v.currency, value: v.value, balance: v.balance, status: v.status,
    expiresAt: v.expires_at?.toISOString() ?? null, orderId: v.order_id, orderNumber,
    recipient: v.recipient, message: v.message, notes: v.notes, layout: v.layout,
    createdAt: v.created_at.toISOString(), updatedAt: v.updated_at.toISOString(),
  }
}

async function orderNumberOf(db: Database, v: VoucherRow): Promise<string | null> {
  if (!v.order_id) return null
  return (await db.selectFrom('orders').select('number').where('id', '=', v.order_id).executeTakeFirst())?.number ?? null
}

export async function listVouchers(db: Database, actor: Actor, q: VoucherQueryInput) {
  let query = db.selectFrom('vouchers as v').leftJoin('orders as o', 'o.id', 'v.order_id').selectAll('v').select('o.number as order_number')
  if (actor.shops !== null) query = query.where('v.shop_code', 'in', actor.shops.length ? actor.shops : [''])
  if (q.shop) query = query.where('v.shop_code', '=', q.shop)
  if (q.orderId) query = query.where('v.order_id', '=', q.orderId)
  const statuses = q.status?.split(',').map((s) => s.trim()).filter(Boolean)
  if (statuses?.length) query = query.where('v.status', 'in', statuses as VoucherRow['status'][])
  const text = q.q?.trim()
  if (text) {
    const bare = text.toUpperCase().replace(/[\s-]/g, '')
    query = query.where((eb) => eb.or([
      eb(sql<string>`replace(v.code, '-', '')`, 'like', `%${escapeLike(bare)}%`),
      eb('v.recipient', 'ilike', `%${escapeLike(text)}%`),
      eb('o.number', '=', text),
    ]))
  }
  const rows = await query.orderBy('v.created_at', 'desc').orderBy('v.id', 'desc').limit(q.limit ?? 50).offset(q.offset ?? 0).execute()
  return { items: rows.map((r) => voucherToApi(r, r.order_number)) }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

export async function getVoucher(db: Database, actor: Actor, code: string): Promise<VoucherApi> {
  const v = await findVoucher(db, actor, code)
  return voucherToApi(v, await orderNumberOf(db, v))
}

export async function voucherHistory(db: Database, actor: Actor, code: string, types?: string[]) {
  const v = await findVoucher(db, actor, code)
  let query = db.selectFrom('voucher_history').selectAll().where('voucher_id', '=', v.id)
  if (types) query = query.where('type', 'in', types)
  return { items: (await query.orderBy('id').execute()).map(entryToApi) }
}

function entryToApi(r: Selectable<VoucherHistoryTable>) {
  return {
    at: r.at.toISOString(), type: r.type, amount: r.amount, balance: r.balance, reference: r.reference, orderId: r.order_id,
    note: r.note, actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
  }
}

export async function patchVoucher(trx: Database, actor: Actor, code: string, input: PatchVoucherInput): Promise<VoucherApi> {
  const v = await findVoucher(trx, actor, code, true)
  const changes: string[] = []
  if (input.expiresAt !== undefined) {
    const next = input.expiresAt === null ? null : new Date(input.expiresAt)
    if (v.status === 'expired' && (next === null || next > new Date())) {
      const refusal = voucherRefusalOf('extend', factsOfVoucher(v))
      if (refusal) throw new DomainError('voucher_not_usable', refusal, { code: v.code, status: v.status })
      v.expires_at = next
      v.status = voucherActions.extend.next(factsOfVoucher(v))
    } else if (v.status === 'voided') {
      throw new DomainError('voucher_not_usable', `The voucher is voided: ${v.code}`, { code: v.code, status: v.status })
    }
    v.expires_at = next
    changes.push(`expiry ${next ? next.toISOString().slice(0, 10) : 'none'}`)
  }
  if (input.notes !== undefined) { v.notes = input.notes; changes.push('notes') }
  if (input.recipient !== undefined) { v.recipient = input.recipient; changes.push('recipient') }
  if (input.message !== undefined) { v.message = input.message; changes.push('message') }
  if (input.layout !== undefined) { v.layout = input.layout; changes.push(`layout ${input.layout}`) }
  const saved = await saveVoucher(trx, v)
  await appendVoucherHistory(trx, actor, saved, { type: 'change', note: `Changed ${changes.join(', ')}` })
  return voucherToApi(saved, await orderNumberOf(trx, saved))
}

export async function redeem(trx: Database, actor: Actor, code: string, input: RedeemInput): Promise<VoucherApi> {
  const v = await findVoucher(trx, actor, code, true)
  const saved = await redeemVoucher(trx, actor, v, { amount: input.amount, reference: input.reference })
  return voucherToApi(saved, await orderNumberOf(trx, saved))
}

export async function voidByStaff(trx: Database, actor: Actor, code: string, reason: string): Promise<VoucherApi> {
  const v = await findVoucher(trx, actor, code, true)
  const saved = await voidVoucher(trx, actor, v, reason)
  return voucherToApi(saved, await orderNumberOf(trx, saved))
}

/** The expiry job: active vouchers past their date become expired, with a history entry each. */
export async function expireVouchers(db: Database, actor: Actor, now = new Date()): Promise<{ expired: number }> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx.updateTable('vouchers').set({ status: 'expired', updated_at: now })
      .where('status', '=', 'active').where('expires_at', '<=', now).returningAll().execute()
    for (const v of rows) await appendVoucherHistory(trx, actor, v, { type: 'expire', note: `Expired on ${v.expires_at!.toISOString().slice(0, 10)}` })
    return { expired: rows.length }
  })
}
