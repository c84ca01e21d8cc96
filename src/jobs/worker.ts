/**
 * The worker: hands new events to their jobs, draws the PDFs of new documents, schedules
 * the recurring jobs, then claims due jobs and runs them, one after the other, each under
 * a lease kept alive by a heartbeat.
 * Kinds that can (e-mails) run their claimed jobs as one batch.
 * `ordo serve` runs one in-process; `ordo worker` runs one alone; any number may share a database.
 */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type pino from 'pino'
import { dispatchEvents } from './dispatch.ts'
import { renderWaitingDocuments } from '../documents/document-pdf.ts'
import { jobKinds } from './job-kinds.ts'
import type { JobDeps } from './job-kind.ts'
import { PermanentJobError } from './job-kind.ts'
import { claimJobs, completeJob, completeJobs, extendLease, extendLeases, failJob, type JobRow } from './queue.ts'
import { scheduleRecurringJobs } from './recurring.ts'

export interface Worker {
  id: string
  /** Runs everything that is due now, until nothing is left; for tests and `ordo worker --once`. */
  drain(): Promise<number>
  /** Polls for due jobs every `pollMs` until stopped. */
  start(): void
  stop(): Promise<void>
}

export function createWorker(deps: JobDeps, log?: pino.Logger): Worker {
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`

  async function runJob(job: JobRow): Promise<void> {
    const kind = jobKinds[job.kind]
    const { db, settings } = deps
    const heartbeat = setInterval(() => { extendLease(db, job, id, settings.leaseMs).catch(() => {}) }, Math.max(50, settings.leaseMs / 3))
    try {
      if (!kind) throw new PermanentJobError(`No such kind of job: ${job.kind}`)
      const result = await kind.run({ job, deps, progress: (p) => extendLease(db, job, id, settings.leaseMs, p) })
      await completeJob(db, job, id, result ?? undefined)
    } catch (error) {
      await jobFailed(job, error)
    } finally {
      clearInterval(heartbeat)
    }
  }

  async function jobFailed(job: JobRow, error: unknown): Promise<void> {
    const kind = jobKinds[job.kind]
    const message = error instanceof Error ? error.message : String(error)
    const retryIn = error instanceof PermanentJobError || !kind ? undefined : kind.retryIn(job.attempts)
    const outcome = await failJob(deps.db, job, id, message, retryIn)
    log?.warn({ job: job.id, kind: job.kind, attempt: job.attempts, outcome, err: message }, 'Job failed')
    // A failing clean-up is logged, never allowed to stop the worker's tick.
    if (outcome === 'failed' && kind?.onFailed) {
      await kind.onFailed(deps, job, message).catch((err) => log?.error({ job: job.id, kind: job.kind, err }, 'Clean-up after a failed job failed'))
    }
  }

  /** Jobs of a kind that runs in batches, together; each then done or failed on its own. */
  async function runBatch(jobs: JobRow[]): Promise<void> {
    const outcomes = await jobKinds[jobs[0].kind].runBatch!(deps, jobs)
      .catch((error: unknown) => jobs.map(() => ({ error })))
    const done = []
    for (const [i, job] of jobs.entries()) {
      const outcome = outcomes[i]
      if ('result' in outcome) done.push({ job, result: outcome.result })
      else await jobFailed(job, outcome.error)
    }
    await completeJobs(deps.db, done, id)
  }

  /** The claimed jobs in turns: a batching kind's jobs as one turn, every other job alone. */
  function turnsOf(jobs: JobRow[]): JobRow[][] {
    if (!deps.settings.batchJobs) return jobs.map((job) => [job])
    const together = new Map<string, JobRow[]>()
    const turns: JobRow[][] = []
    for (const job of jobs) {
      if (!jobKinds[job.kind]?.runBatch) { turns.push([job]); continue }
      const turn = together.get(job.kind)
      if (turn) turn.push(job)
      else { const fresh = [job]; together.set(job.kind, fresh); turns.push(fresh) }
    }
    return turns
  }

  async function drain(): Promise<number> {
    let ran = 0
    for (;;) {
      while (await dispatchEvents(deps.db, 200) > 0) { /* until every event has its jobs */ }
      // PDFs of documents issued since the last turn, a few at a time between the jobs.
      const drawn = await renderWaitingDocuments(deps.db, 10, (documentId, err) => log?.warn({ documentId, err }, 'Could not draw the PDF of a document'))
      await scheduleRecurringJobs(deps.db, deps.settings)
      const jobs = await claimJobs(deps.db, id, deps.settings.batchSize, deps.settings.leaseMs)
      if (jobs.length === 0) { if (drawn === 0) return ran; continue }
      // The jobs waiting their turn keep their leases, however long the ones before them take.
      const waiting = new Set(jobs.map((j) => j.id))
      const { leaseMs } = deps.settings
      const heartbeat = setInterval(() => { extendLeases(deps.db, [...waiting], id, leaseMs).catch(() => {}) }, Math.max(50, leaseMs / 3))
      try {
        for (const turn of turnsOf(jobs)) {
          if (stopping) return ran
          if (turn.length > 1) await runBatch(turn)
          else await runJob(turn[0])
          for (const job of turn) waiting.delete(job.id)
          ran += turn.length
        }
      } finally {
        clearInterval(heartbeat)
      }
    }
  }

  let stopping = false
  let running: Promise<unknown> | undefined
  let timer: NodeJS.Timeout | undefined
  const loop = () => {
    if (stopping) return
    running = drain()
      .catch((error) => log?.error({ err: error }, 'Worker tick failed'))
      .finally(() => { running = undefined; if (!stopping) timer = setTimeout(loop, deps.settings.pollMs) })
  }
  return {
    id,
    drain,
    // The first round waits one poll interval, so a starting server answers its first requests first.
    start() { stopping = false; timer = setTimeout(loop, deps.settings.pollMs) },
    async stop() {
      stopping = true
      if (timer) clearTimeout(timer)
      await running
    },
  }
}

/** Starts a worker polling every `pollMs`. */
export function startWorker(deps: JobDeps, log?: pino.Logger): Worker {
  const worker = createWorker(deps, log)
  worker.start()
  log?.info({ worker: worker.id }, 'Worker started')
  return worker
}
