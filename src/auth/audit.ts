/** The audit log of administrative actions: who changed users, roles, tokens and shop settings, and how. */
import type { Database } from '../db/database.ts'
import { actorColumns, type Actor } from './actor.ts'
import { shopsWithinScope } from './grants.ts'

/** `shops`: the shops the change concerns; none for a change that concerns every shop. */
export async function recordAudit(
  trx: Database, actor: Actor, action: string, targetType: string, targetId: string, changes: Record<string, unknown>, shops: readonly string[] = [],
): Promise<void> {
  await trx.insertInto('audit_log').values({
    ...actorColumns(actor), action, target_type: targetType, target_id: targetId, changes: JSON.stringify(changes), shops: [...shops],
  }).execute()
}

/** Newest first; a shop-limited reader sees only the entries that concern its shops alone. */
export async function listAudit(db: Database, actor: Actor, options: { limit: number; before?: number }) {
  const rows = await db.selectFrom('audit_log').selectAll()
    .$if(options.before !== undefined, (q) => q.where('id', '<', options.before!))
    .$if(actor.shops !== null, (q) => q.where(shopsWithinScope(actor)))
    .orderBy('id', 'desc').limit(options.limit).execute()
  return {
    items: rows.map((r) => ({
      id: r.id, at: r.at.toISOString(), action: r.action, targetType: r.target_type, targetId: r.target_id,
      actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name }, changes: r.changes, shops: r.shops,
    })),
    nextBefore: rows.length === options.limit ? rows.at(-1)!.id : null,
  }
}
