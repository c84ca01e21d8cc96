/**
 * A small state machine as data, shared by drafts, quotes and consultations: each action
 * names the states it leaves from and the state it leads to (`null`: it keeps the state).
 */
import { DomainError } from '../http/errors.ts'

export interface Transition<S extends string> { from: readonly S[]; to: S | null }
export type Machine<S extends string, A extends string> = Record<A, Transition<S>>

/** The state the action leads to, or a 409 naming what is allowed instead. */
export function nextState<S extends string, A extends string>(machine: Machine<S, A>, what: string, action: A, from: S): S {
  const t = machine[action]
  if (!t.from.includes(from)) {
    throw new DomainError('transition_not_allowed', `A ${what} that is ${from} cannot be sent "${action}"`, { status: from, action, allowed: allowedActions(machine, from) })
  }
  return t.to ?? from
}

export const allowedActions = <S extends string, A extends string>(machine: Machine<S, A>, from: S): A[] =>
  (Object.keys(machine) as A[]).filter((a) => machine[a].from.includes(from))

/** Every state reachable from `start` (for the reachability tests). */
export function reachable<S extends string, A extends string>(machine: Machine<S, A>, start: S): Set<S> {
  const seen = new Set<S>([start])
  for (let grew = true; grew;) {
    grew = false
    for (const t of Object.values(machine) as Transition<S>[]) {
      if (t.to && !seen.has(t.to) && t.from.some((f) => seen.has(f))) { seen.add(t.to); grew = true }
    }
  }
  return seen
}
