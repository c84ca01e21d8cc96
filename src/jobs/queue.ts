/**
 * The job queue: a table claimed with `FOR UPDATE SKIP LOCKED`, so several workers on one
 * PostgreSQL never take the same job, and the same SQL runs on PGlite in one process.
 * A claimed job is leased to its worker; when the worker dies the lease runs out and
 * another worker takes the job up again (at least once: handlers are idempotent).
 */
import { sql, type Selectable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { JobsTable } from '../db/tables/jobs.ts'

export type JobRow = Selectable<JobsTable>

export interface NewJob {
  kind: string
  payload?: Record<string, unknown>
  maxAttempts?: number
  runAt?: Date
  /** At most one job ever has this key (a recurring job's slot). */
  uniqueKey?: string
  /** The shops the job concerns (who may see it); none for every shop. */
  shops?: readonly string[]
}

/** Adds jobs; inside the caller's transaction when `db` is one. Jobs with a taken unique key are skipped. */
export async function enqueue(db: Database, jobs: NewJob[]): Promise<number[]> {
  if (jobs.length === 0) return []
  const rows = await db.insertInto('jobs').values(jobs.map((j) => ({
    kind: j.kind,
    payload: JSON.stringify(j.payload ?? {}),
    max_attempts: j.maxAttempts ?? 5,
    run_at: j.runAt ?? new Date(),
    unique_key: j.uniqueKey ?? null,
    shops: [...(j.shops ?? [])],
  }))).onConflict((oc) => oc.column('unique_key').doNothing()).returning('id').execute()
  return rows.map((r) => r.id)
}

/** Takes up to `limit` due jobs (or jobs whose worker's lease ran out) for this worker. */
export async function claimJobs(db: Database, workerId: string, limit: number, leaseMs: number): Promise<JobRow[]> {
  const { rows } = await sql<JobRow>`
    update jobs set state = 'running', attempts = attempts + 1, locked_by = ${workerId},
      locked_until = now() + ${`${leaseMs} milliseconds`}::interval, updated_at = now()
    where id in (
      select id from jobs
      where (state = 'queued' and run_at <= now()) or (state = 'running' and locked_until < now())
      order by run_at, id
      limit ${limit}
      for update skip locked)
    returning *`.execute(db)
  return rows.sort((a, b) => a.id - b.id)
}

/** Keeps a long job's lease alive; false when the job is no longer this worker's (lease lost, cancelled). */
export async function extendLease(db: Database, job: JobRow, workerId: string, leaseMs: number, progress?: Record<string, unknown>): Promise<boolean> {
  const r = await db.updateTable('jobs')
    .set({
      locked_until: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
      updated_at: sql`now()`,
      ...(progress && { progress: JSON.stringify(progress) }),
    })
    .where('id', '=', job.id).where('locked_by', '=', workerId).where('state', '=', 'running')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Keeps the leases of jobs claimed and still waiting their turn in this worker. */
export async function extendLeases(db: Database, ids: number[], workerId: string, leaseMs: number): Promise<void> {
  if (ids.length === 0) return
  await db.updateTable('jobs')
    .set({ locked_until: sql`now() + ${`${leaseMs} milliseconds`}::interval`, updated_at: sql`now()` })
    .where('id', 'in', ids).where('locked_by', '=', workerId).where('state', '=', 'running')
    .execute()
}

/** Marks many jobs done in one statement, each with its result; as completeJob, only those still this worker's. */
export async function completeJobs(db: Database, done: { job: JobRow; result: Record<string, unknown> | undefined }[], workerId: string): Promise<void> {
  if (done.length === 0) return
  const ids = done.map((d) => d.job.id)
  const results = done.map((d) => (d.result ? JSON.stringify(d.result) : null))
  await sql`
    update jobs set state = 'done', result = r.result::jsonb, locked_until = null, last_error = null, finished_at = now(), updated_at = now()
    from (select unnest(${ids}::bigint[]) as id, unnest(${results}::text[]) as result) as r
    where jobs.id = r.id and jobs.locked_by = ${workerId} and jobs.state = 'running'`.execute(db)
}

/** Marks the job done (keeping who ran it), unless another worker took it over meanwhile. */
export async function completeJob(db: Database, job: JobRow, workerId: string, result: Record<string, unknown> | undefined): Promise<boolean> {
  const r = await db.updateTable('jobs')
    .set({ state: 'done', result: result ? JSON.stringify(result) : null, locked_until: null, last_error: null, finished_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', job.id).where('locked_by', '=', workerId).where('state', '=', 'running')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Puts a failed job back with its back-off, or into the dead-letter state ('failed') when it is spent. */
export async function failJob(db: Database, job: JobRow, workerId: string, error: string, retryInMs: number | undefined): Promise<'retry' | 'failed' | 'lost'> {
  const dead = retryInMs === undefined || job.attempts >= job.max_attempts
  const r = await db.updateTable('jobs')
    .set({
      state: dead ? 'failed' : 'queued',
      last_error: error.slice(0, 2000),
      locked_by: null, locked_until: null, updated_at: sql`now()`,
      ...(dead ? { finished_at: sql`now()` } : { run_at: sql`now() + ${`${retryInMs} milliseconds`}::interval` }),
    })
    .where('id', '=', job.id).where('locked_by', '=', workerId).where('state', '=', 'running')
    .executeTakeFirst()
  if (Number(r.numUpdatedRows) !== 1) return 'lost'
  return dead ? 'failed' : 'retry'
}

/** Exponential back-off: base, base x factor, base x factor^2 ... capped. */
export const backoff = (baseMs: number, factor: number, capMs: number) => (attempt: number) =>
  Math.min(capMs, baseMs * factor ** Math.max(0, attempt - 1))
