/** Who did it: every change in Ordo records its actor, and what the actor may see and do. */
import { allPermissions, type Permission } from './permissions.ts'

export interface Actor {
  kind: 'token' | 'user' | 'system'
  id: string
  name: string
  role: string
  permissions: ReadonlySet<Permission>
  /** The shops this actor may see; `null` for every shop. */
  shops: readonly string[] | null
}

export const systemActor = (job: string): Actor =>
  ({ kind: 'system', id: job, name: job, role: 'system', permissions: new Set(allPermissions), shops: null })

/** The actor's columns, as stored beside every change. */
export const actorColumns = (actor: Actor) => ({ actor_kind: actor.kind, actor_id: actor.id, actor_name: actor.name })

export const can = (actor: Actor, permission: Permission) => actor.permissions.has(permission)

/** Whether the actor may see this shop's things. Things of other shops do not exist for it. */
export const seesShop = (actor: Actor, shop: string) => actor.shops === null || actor.shops.includes(shop)

/** An empty list in storage means every shop. */
export const scopeOf = (shops: readonly string[]) => (shops.length === 0 ? null : shops)
