/**
 * The worker's settings, read from the environment (kept apart from config.ts so the
 * HTTP server's configuration does not have to know about mail or webhooks).
 */
export interface WorkerSettings {
  /** smtp(s)://user:pass@host:port; without it e-mails go to the database outbox only. */
  smtpUrl: string | undefined
  mailFrom: string
  /** Webhooks to loopback and private addresses are refused unless this is set (tests, local receivers). */
  webhooksAllowPrivate: boolean
  webhookTimeoutMs: number
  /** How long a claimed job stays with its worker without a heartbeat. */
  leaseMs: number
  pollMs: number
  /** Jobs claimed at once. */
  batchSize: number
  /** Kinds that can run their claimed jobs together (e-mails) do so; off runs every job alone. */
  batchJobs: boolean
  /** How often the allocation job is scheduled; 0 turns it off. */
  allocationIntervalMs: number
  /** How often card payments cut off by a crash are asked again and recorded; 0 turns it off. */
  paymentRecoveryIntervalMs?: number
  /** How long a card payment may wait for its answer before the recovery job asks again. */
  paymentRecoveryAgeMs?: number
}

const num = (value: string | undefined, fallback: number, name: string) => {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of milliseconds, got ${value}`)
  return n
}

export function loadWorkerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  return {
    smtpUrl: env.SMTP_URL?.trim() || undefined,
    mailFrom: env.MAIL_FROM?.trim() || 'Ordo <ordo@localhost>',
    webhooksAllowPrivate: env.ORDO_WEBHOOKS_ALLOW_PRIVATE === '1',
    webhookTimeoutMs: num(env.ORDO_WEBHOOK_TIMEOUT_MS, 10_000, 'ORDO_WEBHOOK_TIMEOUT_MS'),
    leaseMs: num(env.ORDO_JOB_LEASE_MS, 60_000, 'ORDO_JOB_LEASE_MS'),
    pollMs: num(env.ORDO_WORKER_POLL_MS, 1_000, 'ORDO_WORKER_POLL_MS'),
    batchSize: num(env.ORDO_WORKER_BATCH, 50, 'ORDO_WORKER_BATCH'),
    batchJobs: env.ORDO_WORKER_BATCH_JOBS !== '0',
    allocationIntervalMs: num(env.ORDO_ALLOCATION_INTERVAL_MS, 60_000, 'ORDO_ALLOCATION_INTERVAL_MS'),
    paymentRecoveryIntervalMs: num(env.ORDO_PAYMENT_RECOVERY_INTERVAL_MS, 60_000, 'ORDO_PAYMENT_RECOVERY_INTERVAL_MS'),
    paymentRecoveryAgeMs: num(env.ORDO_PAYMENT_RECOVERY_AGE_MS, 30_000, 'ORDO_PAYMENT_RECOVERY_AGE_MS'),
  }
}
