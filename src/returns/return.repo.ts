/** Returns (RMAs) and their lines: loading one, locked for a change, listing, and saving back. */
import type { Selectable } from 'kysely'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { ReturnLinesTable, ReturnsTable } from '../db/tables/after-sales.ts'
import { DomainError } from '../http/errors.ts'
import { isUuid } from '../shared/ids.ts'
import { seesShop } from '../auth/actor.ts'
import type { ReturnStatus } from './return.machine.ts'

export type ReturnRow = Omit<Selectable<ReturnsTable>, 'status'> & { status: ReturnStatus }
export type ReturnLineRow = Selectable<ReturnLinesTable>
export interface ReturnState { row: ReturnRow; lines: ReturnLineRow[] }

const notFound = (id: string) => new DomainError('return_not_found', `There is no return "${id}"`)

/** The return's order id, checked against the actor's shops: another shop's return does not exist for them. */
export async function returnHeader(actor: Actor, db: Database, id: string): Promise<{ id: string; order_id: string }> {
  const row = isUuid(id) ? await db.selectFrom('returns').select(['id', 'order_id', 'shop_code']).where('id', '=', id).executeTakeFirst() : undefined
  if (!row || !seesShop(actor, row.shop_code)) throw notFound(id)
  return row
}

/** Loads a return; with `lock`, holds its row until the transaction ends. Lock its order first. */
export async function loadReturn(trx: Database, id: string, lock = false): Promise<ReturnState> {
  let q = trx.selectFrom('returns').selectAll().where('id', '=', id)
  if (lock) q = q.forUpdate()
  const row = await q.executeTakeFirst() as ReturnRow | undefined
  if (!row) throw notFound(id)
  const lines = await trx.selectFrom('return_lines').selectAll().where('return_id', '=', id).orderBy('sku').execute()
  return { row, lines }
}

/** Every return of an order, oldest first, with their lines. */
export async function returnsOfOrder(db: Database, orderId: string): Promise<ReturnState[]> {
  const rows = await db.selectFrom('returns').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('number').execute() as ReturnRow[]
  return withLines(db, rows)
}

export async function withLines(db: Database, rows: ReturnRow[]): Promise<ReturnState[]> {
  if (rows.length === 0) return []
  const lines = await db.selectFrom('return_lines').selectAll().where('return_id', 'in', rows.map((r) => r.id)).execute()
  return rows.map((row) => ({ row, lines: lines.filter((l) => l.return_id === row.id) }))
}

export async function insertReturn(trx: Database, r: ReturnState): Promise<void> {
  await trx.insertInto('returns').values(r.row).execute()
  await trx.insertInto('return_lines').values(r.lines).execute()
}

export async function saveReturn(trx: Database, r: ReturnState): Promise<void> {
  r.row.updated_at = new Date()
  await trx.updateTable('returns').set({ status: r.row.status, refunded: r.row.refunded, updated_at: r.row.updated_at })
    .where('id', '=', r.row.id).execute()
  for (const l of r.lines) {
    await trx.updateTable('return_lines').set({
      received_quantity: l.received_quantity, restocked_quantity: l.restocked_quantity,
      written_off_quantity: l.written_off_quantity, warehouse_code: l.warehouse_code,
    }).where('return_id', '=', l.return_id).where('order_line_id', '=', l.order_line_id).execute()
  }
}

/** Whether the order has a return that was not cancelled: the whole-order `return` action would count its units twice. */
export async function hasOpenReturns(db: Database, orderId: string): Promise<boolean> {
  const row = await db.selectFrom('returns').select('id').where('order_id', '=', orderId).where('status', '!=', 'cancelled').limit(1).executeTakeFirst()
  return row !== undefined
}
