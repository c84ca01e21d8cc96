/**
 * Stock a draft keeps (A16): reserved in stock_levels like an order's, recorded per
 * warehouse in draft_reservations, and released when the hold ends, the draft is placed
 * (in the same transaction as the order takes it) or discarded, or the time runs out.
 */
import { sql } from 'kysely'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { inTransaction } from '../db/transaction.ts'
import { DomainError } from '../http/errors.ts'
import { planDeliveries } from '../inventory/allocation-plan.ts'
import { changeStock, lockStock } from '../inventory/stock.repo.ts'
import { loadOrderLines } from '../orders/order-lines.ts'
import { findShop } from '../shops/shop.repo.ts'
import type { DraftLine } from '../db/tables/drafts.ts'
import { emit, record } from './desk-history.ts'

/** Reserves the stock of these lines for the draft, replacing what it held; 409 when short. */
export async function reserveForDraft(trx: Database, draftId: string, shopCode: string, lines: DraftLine[]): Promise<void> {
  const shop = await findShop(trx, shopCode)
  const catalogue = lines.length ? await loadOrderLines(trx, shop, lines) : []
  const old = await trx.selectFrom('draft_reservations').selectAll().where('draft_id', '=', draftId).execute()
  const levels = await lockStock(trx, [...catalogue.filter((l) => l.kind === 'physical').map((l) => l.sku), ...old.map((r) => r.sku)])
  for (const r of old) {
    const level = levels.find((l) => l.sku === r.sku && l.warehouse === r.warehouse_code)
    if (level) level.reserved -= r.quantity
  }
  const plan = planDeliveries(catalogue, levels, new Date().toISOString().slice(0, 10))
  if (!plan.ok) {
    throw new DomainError('out_of_stock', `Not enough stock to hold: ${plan.short.map((s) => `${s.sku} (${s.available} of ${s.requested})`).join(', ')}`, { short: plan.short })
  }
  const next = new Map<string, { warehouse_code: string; sku: string; quantity: number }>()
  for (const d of plan.deliveries.filter((x) => x.kind === 'standard')) {
    for (const p of d.parts) {
      const key = `${d.warehouse}\u0000${p.sku}`
      const row = next.get(key) ?? { warehouse_code: d.warehouse!, sku: p.sku, quantity: 0 }
      row.quantity += p.quantity
      next.set(key, row)
    }
  }
  await changeStock(trx, [
    ...old.map((r) => ({ warehouse: r.warehouse_code, sku: r.sku, reserved: -r.quantity })),
    ...[...next.values()].map((r) => ({ warehouse: r.warehouse_code, sku: r.sku, reserved: r.quantity })),
  ])
  await trx.deleteFrom('draft_reservations').where('draft_id', '=', draftId).execute()
  if (next.size) await trx.insertInto('draft_reservations').values([...next.values()].map((r) => ({ draft_id: draftId, ...r }))).execute()
}

/** Gives back everything the draft holds. */
export async function releaseForDraft(trx: Database, draftId: string): Promise<number> {
  const old = await trx.selectFrom('draft_reservations').selectAll().where('draft_id', '=', draftId).execute()
  if (old.length === 0) return 0
  await changeStock(trx, old.map((r) => ({ warehouse: r.warehouse_code, sku: r.sku, reserved: -r.quantity })))
  await trx.deleteFrom('draft_reservations').where('draft_id', '=', draftId).execute()
  return old.reduce((s, r) => s + r.quantity, 0)
}

/** The job: ends every hold whose time has passed, one draft per transaction. */
export async function releaseExpiredHolds(db: Database, actor: Actor, limit = 200): Promise<{ released: number }> {
  let released = 0
  for (; released < limit; released++) {
    const done = await inTransaction(db, async (trx) => {
      const { rows } = await sql<{ id: string; shop_code: string; status: string; hold_until: Date }>`
        select id, shop_code, status, hold_until from drafts
         where hold_until is not null and hold_until <= now() and status in ('held', 'handed_back')
         order by hold_until limit 1 for update skip locked`.execute(trx)
      const draft = rows[0]
      if (!draft) return false
      const quantity = await releaseForDraft(trx, draft.id)
      const to = draft.status === 'held' ? 'open' : draft.status
      await trx.updateTable('drafts').set({ status: to, hold_until: null, updated_at: new Date() }).where('id', '=', draft.id).execute()
      await record(trx, actor, 'draft', draft.id, 'transition', { action: 'hold-expired', from: draft.status, to, note: `Hold ended; ${quantity} units released` })
      await emit(trx, 'draft.hold_released', draft.shop_code, { draftId: draft.id, reason: 'expired', quantity })
      return true
    })
    if (!done) break
  }
  return { released }
}
