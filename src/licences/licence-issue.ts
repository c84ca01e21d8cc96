/**
 * Licences sold by an order (A21): one key per unit when its electronic delivery is
 * delivered, taken from the product's imported pool while it lasts, generated after
 * that; revoked when the order is cancelled or refunded.
 */
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { OrderState } from '../orders/order.repo.ts'
import { uuidv7 } from '../shared/ids.ts'
import { defaultKeyFormat, newLicenceKey } from './licence-key.ts'
import { appendLicenceHistory, licenceEvent, type LicenceRow } from './licence.repo.ts'

export async function issueOrderLicences(trx: Database, actor: Actor, order: OrderState): Promise<LicenceRow[]> {
  const licenceLines = new Map(order.lines.filter((l) => l.kind === 'licence').map((l) => [l.id, l]))
  const parts = order.deliveries.filter((d) => d.row.kind === 'electronic' && d.row.status === 'delivered')
    .flatMap((d) => d.lines.filter((l) => licenceLines.has(l.order_line_id)).map((l) => ({ delivery: d.row.id, line: licenceLines.get(l.order_line_id)!, quantity: l.quantity })))
  if (parts.length === 0) return []
  const existing = await trx.selectFrom('licences').select(['delivery_id', 'order_line_id']).where('order_id', '=', order.row.id).execute()
  const settings = await trx.selectFrom('product_issue_settings').selectAll().where('sku', 'in', parts.map((p) => p.line.sku)).execute()
  const issued: LicenceRow[] = []
  for (const p of parts) {
    const owed = p.quantity - existing.filter((e) => e.delivery_id === p.delivery && e.order_line_id === p.line.id).length
    if (owed <= 0) continue
    const s = settings.find((x) => x.sku === p.line.sku)
    const pooled = await takeFromPool(trx, p.line.sku, owed)
    const expires = s?.licence_validity_days ? new Date(Date.now() + s.licence_validity_days * 86_400_000) : null
    for (let i = 0; i < owed; i++) {
      const key = pooled[i] ?? newLicenceKey(s?.licence_key_format ?? defaultKeyFormat)
      const row = await trx.insertInto('licences').values({
        id: uuidv7(), key, sku: p.line.sku, shop_code: order.row.shop_code, order_id: order.row.id, order_line_id: p.line.id,
        delivery_id: p.delivery, status: 'active', source: pooled[i] ? 'pool' : 'generated',
        activation_limit: s?.licence_activation_limit ?? 1, expires_at: expires, customer_email: order.row.customer_email,
      }).returningAll().executeTakeFirstOrThrow()
      await appendLicenceHistory(trx, actor, row.id, 'issued', `Delivered with order ${order.row.number}${pooled[i] ? ' (from the imported pool)' : ''}`)
      await licenceEvent(trx, 'licence.issued', row)
      issued.push(row)
    }
  }
  return issued
}

/** Up to `n` unused imported keys, claimed so that parallel deliveries never share one. */
async function takeFromPool(trx: Database, sku: string, n: number): Promise<string[]> {
  const free = await trx.selectFrom('licence_pool').select('key').where('sku', '=', sku).where('taken_at', 'is', null)
    .orderBy('imported_at').orderBy('key').limit(n).forUpdate().skipLocked().execute()
  if (free.length === 0) return []
  await trx.updateTable('licence_pool').set({ taken_at: new Date() }).where('key', 'in', free.map((f) => f.key)).execute()
  return free.map((f) => f.key)
}

/** Revokes every active licence of a cancelled or refunded order. */
export async function revokeOrderLicences(trx: Database, actor: Actor, order: OrderState, why: string): Promise<number> {
  const rows = await trx.updateTable('licences').set({ status: 'revoked', updated_at: new Date() })
    .where('order_id', '=', order.row.id).where('status', '=', 'active').returningAll().execute()
  for (const l of rows) {
    await appendLicenceHistory(trx, actor, l.id, 'revoked', `Order ${order.row.number} ${why}`)
    await licenceEvent(trx, 'licence.revoked', l, { reason: why })
  }
  return rows.length
}
