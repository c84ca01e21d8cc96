/** Every kind of job the worker runs. */
import { systemActor } from '../auth/actor.ts'
import { bulkJob } from '../bulk/bulk.job.ts'
import { exportCycleJob } from '../exports/export-cycle.ts'
import { mailJob } from '../notifications/mail.job.ts'
import { webhookJob } from '../webhooks/webhook.job.ts'
import { runAllocation } from './allocation.job.ts'
import type { JobKind } from './job-kind.ts'
import { pruneJobs } from './recurring.ts'
import { runDunning } from '../dunning/dunning.ts'
import { releaseExpiredHolds } from '../drafts/draft-hold.ts'
import { expireQuotes } from '../quotes/quote.service.ts'
import { expireVouchers } from '../vouchers/voucher.service.ts'

const once = (run: JobKind['run']): JobKind => ({ run, maxAttempts: 1, retryIn: () => undefined })

export const jobKinds: Record<string, JobKind> = {
  'mail.send': mailJob,
  'webhook.deliver': webhookJob,
  'export.cycle': exportCycleJob,
  bulk: bulkJob,
  allocation: once(async ({ deps }) => ({ ...await runAllocation(deps.db, deps.gateway, systemActor('allocation-job')) })),
  'jobs.prune': once(async ({ deps }) => pruneJobs(deps.db)),
  // Money: payment reminders (A15).
  dunning: once(async ({ deps }) => ({ ...await runDunning(deps.db, systemActor('dunning-job')) })),
  'quotes.expire': once(async ({ deps }) => expireQuotes(deps.db, systemActor('quote-expiry'))),
  'drafts.release-holds': once(async ({ deps }) => releaseExpiredHolds(deps.db, systemActor('hold-expiry'))),
  'vouchers.expire': once(async ({ deps }) => expireVouchers(deps.db, systemActor('voucher-expiry'))),
}
