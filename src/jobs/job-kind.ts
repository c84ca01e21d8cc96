/** What a kind of job is: how it runs, how it is retried, what happens when it is given up. */
import type { Database } from '../db/database.ts'
import type { PaymentGateway } from '../payments/gateway.ts'
import type { JobRow } from './queue.ts'
import type { WorkerSettings } from './worker-settings.ts'

export interface JobDeps {
  db: Database
  gateway: PaymentGateway
  settings: WorkerSettings
}

export interface JobRun {
  job: JobRow
  deps: JobDeps
  /** Saves progress readable at GET /jobs/:id and keeps the lease; false when the job was cancelled. */
  progress(progress: Record<string, unknown>): Promise<boolean>
}

export interface JobKind {
  run(run: JobRun): Promise<Record<string, unknown> | void>
  /** Milliseconds until the next attempt; undefined gives up at once. */
  retryIn(attempt: number): number | undefined
  maxAttempts: number
  /**
   * Runs several claimed jobs of this kind at once (fewer round trips), an outcome per job
   * in their order; without it, the worker runs them one by one.
   */
  runBatch?(deps: JobDeps, jobs: JobRow[]): Promise<BatchOutcome[]>
  /** Called once when the job lands in the dead-letter state. */
  onFailed?(deps: JobDeps, job: JobRow, error: string): Promise<void>
}

export type BatchOutcome = { result: Record<string, unknown> } | { error: unknown }

/** A failure that no retry will cure (a refused target, a missing order): the job fails at once. */
export class PermanentJobError extends Error {}
