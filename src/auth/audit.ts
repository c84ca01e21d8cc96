/** The audit log of administrative actions: who changed users, roles, tokens and shop settings, and how. */
import type { Database } from '../db/database.ts'
import { actorColumns, type Actor } from './actor.ts'

export async function recordAudit(trx: Database, actor: Actor, action: string, targetType: string, targetId: string, changes: Record<string, unknown>): Promise<void> {
  await trx.insertInto('audit_log').values({
    ...actorColumns(actor), action, target_type: targetType, target_id: targetId, changes: JSON.stringify(changes),
  }).execute()
}

export async function listAudit(db: Database, options: { limit: number; before?: number }) {
  const rows = await db.selectFrom('audit_log').selectAll()
    .$if(options.before !== undefined, (q) => q.where('id', '<', options.before!))
    .orderBy('id', 'desc').limit(options.limit).execute()
  return {
    items: rows.map((r) => ({
      id: r.id, at: r.at.toISOString(), action: r.action, targetType: r.target_type, targetId: r.target_id,
      actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name }, changes: r.changes,
    })),
    nextBefore: rows.length === options.limit ? rows.at(-1)!.id : null,
  }
}
