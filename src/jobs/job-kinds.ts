/** Every kind of job the worker runs. */
import { systemActor } from '../auth/actor.ts'
import { bulkJob } from '../bulk/bulk.job.ts'
import { exportCycleJob } from '../exports/export-cycle.ts'
import { mailJob } from '../notifications/mail.job.ts'
import { webhookJob } from '../webhooks/webhook.job.ts'
import { runAllocation } from './allocation.job.ts'
import type { JobKind } from './job-kind.ts'
import { pruneJobs } from './recurring.ts'
import { recoverPayments } from '../payments/two-phase.ts'

const once = (run: JobKind['run']): JobKind => ({ run, maxAttempts: 1, retryIn: () => undefined })

export const jobKinds: Record<string, JobKind> = {
  'mail.send': mailJob,
  'webhook.deliver': webhookJob,
  'export.cycle': exportCycleJob,
  bulk: bulkJob,
  allocation: once(async ({ deps }) => ({ ...await runAllocation(deps.db, deps.gateway, systemActor('allocation-job')) })),
  'jobs.prune': once(async ({ deps }) => pruneJobs(deps.db)),
  // Card payments whose answer a crash kept from being recorded (src/payments/two-phase.ts).
  'payments.recover': once(async ({ deps }) => recoverPayments(deps.db, deps.gateway, deps.settings.paymentRecoveryAgeMs)),
}
