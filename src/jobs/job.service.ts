/** Jobs as the API shows them, and the two things staff may do to one: retry and cancel. */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import type { JobRow } from './queue.ts'
import type { Actor } from '../auth/actor.ts'
import { shopsWithinScope, withinScope } from '../auth/grants.ts'

export const jobStates = ['queued', 'running', 'done', 'failed', 'cancelled'] as const

export const jobToApi = (j: JobRow) => ({
  id: j.id, kind: j.kind, state: j.state, attempts: j.attempts, maxAttempts: j.max_attempts,
  runAt: j.run_at.toISOString(), lastError: j.last_error, progress: j.progress, result: j.result,
  // A bulk job's payload holds who asked; the job list shows what, not who with which permissions.
  payload: Object.fromEntries(Object.entries(j.payload).filter(([k]) => k !== 'actor')),
  createdAt: j.created_at.toISOString(), updatedAt: j.updated_at.toISOString(), finishedAt: j.finished_at?.toISOString() ?? null,
})

const isId = (id: string) => /^[0-9]{1,15}$/.test(id)

/** A job the actor may see: a shop-limited actor sees the jobs of its shops only. */
export async function findJob(db: Database, actor: Actor, id: string): Promise<JobRow> {
  const job = isId(id) ? await db.selectFrom('jobs').selectAll().where('id', '=', Number(id)).executeTakeFirst() : undefined
  if (!job || !withinScope(actor, job.shops)) throw new DomainError('job_not_found', `There is no job "${id}"`)
  return job
}

export async function listJobs(db: Database, actor: Actor, q: { state?: string; kind?: string; before?: number; limit: number }) {
  const rows = await db.selectFrom('jobs').selectAll()
    .$if(actor.shops !== null, (b) => b.where(shopsWithinScope(actor)))
    .$if(q.state !== undefined, (b) => b.where('state', '=', q.state as never))
    .$if(q.kind !== undefined, (b) => b.where('kind', '=', q.kind!))
    .$if(q.before !== undefined, (b) => b.where('id', '<', q.before!))
    .orderBy('id', 'desc').limit(q.limit).execute()
  return { items: rows.map(jobToApi), nextBefore: rows.length === q.limit ? rows.at(-1)!.id : null }
}

/** Runs a failed or cancelled job again from scratch, now. */
export async function retryJob(db: Database, actor: Actor, id: string) {
  const job = await findJob(db, actor, id)
  const row = await db.updateTable('jobs')
    .set({ state: 'queued', attempts: 0, run_at: sql`now()`, last_error: null, finished_at: null, updated_at: sql`now()` })
    .where('id', '=', job.id).where('state', 'in', ['failed', 'cancelled']).returningAll().executeTakeFirst()
  if (!row) throw new DomainError('job_state_conflict', `Only failed or cancelled jobs are retried; this one is ${job.state}`, { state: job.state })
  return jobToApi(row)
}

/** Cancels a waiting job, or stops a running one at its next progress report. */
export async function cancelJob(db: Database, actor: Actor, id: string) {
  const job = await findJob(db, actor, id)
  const row = await db.updateTable('jobs')
    .set({ state: 'cancelled', locked_by: null, locked_until: null, finished_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', job.id).where('state', 'in', ['queued', 'running']).returningAll().executeTakeFirst()
  if (!row) throw new DomainError('job_state_conflict', `Only queued or running jobs are cancelled; this one is ${job.state}`, { state: job.state })
  return jobToApi(row)
}
