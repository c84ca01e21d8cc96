/** The consultation requests list: filters, and the "unassigned, waiting longest" view. */
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { openConsultationStatuses } from './consultation.machine.ts'
import type { ConsultationQuery } from './consultation.schemas.ts'
import { consultationToApi } from './consultation.service.ts'

export async function listConsultations(db: Database, actor: Actor, query: ConsultationQuery) {
  const waiting = query.view === 'waiting'
  let q = db.selectFrom('consultations').selectAll()
  const statuses = query.status ? query.status.split(',') : waiting ? [...openConsultationStatuses] : undefined
  if (statuses) q = q.where('status', 'in', statuses)
  if (actor.shops !== null) q = q.where('shop_code', 'in', ['', ...actor.shops])
  if (query.shop) q = q.where('shop_code', 'in', query.shop.split(','))
  const assignee = query.assignee ?? (waiting ? 'none' : undefined)
  if (assignee === 'none') q = q.where('assignee_id', 'is', null)
  else if (assignee) q = q.where('assignee_id', '=', assignee === 'me' ? actor.id : assignee)
  // Waiting longest first for the work queue; otherwise the newest first.
  q = waiting ? q.orderBy('created_at', 'asc').orderBy('id', 'asc') : q.orderBy('created_at', 'desc').orderBy('id', 'desc')
  const rows = await q.limit(query.limit ?? 100).execute()
  return Promise.all(rows.map((r) => consultationToApi(db, r)))
}
