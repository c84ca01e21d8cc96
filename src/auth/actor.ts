/** Who did it: every change in Ordo records its actor. */
export interface Actor {
  kind: 'token' | 'user' | 'system'
  id: string
  name: string
}

export const systemActor = (job: string): Actor => ({ kind: 'system', id: job, name: job })

/** The actor's columns, as stored beside every change. */
export const actorColumns = (actor: Actor) => ({ actor_kind: actor.kind, actor_id: actor.id, actor_name: actor.name })
