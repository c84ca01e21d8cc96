/**
 * Recurring jobs. Every worker schedules them, but each slot of a schedule is one row
 * (its unique key), so however many workers run, each slot's job runs once.
 */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { enqueue } from './queue.ts'
import type { WorkerSettings } from './worker-settings.ts'

interface Schedule { kind: string; everyMs: number }

const schedulesOf = (settings: WorkerSettings): Schedule[] => [
  { kind: 'allocation', everyMs: settings.allocationIntervalMs },
  // Finished jobs are kept a week for the jobs list, then removed.
  { kind: 'jobs.prune', everyMs: 3_600_000 },
  // Reminders are due by the day in each shop's time zone; an hourly run catches every zone's midnight.
  { kind: 'dunning', everyMs: 3_600_000 },
  // Draft holds whose time has run out give their stock back.
  { kind: 'drafts.release-holds', everyMs: 60_000 },
  { kind: 'quotes.expire', everyMs: 3_600_000 },
  // Vouchers past their date become expired.
  { kind: 'vouchers.expire', everyMs: 3_600_000 },
]

let lastSlots = new Map<string, number>()

export async function scheduleRecurringJobs(db: Database, settings: WorkerSettings, now = Date.now()): Promise<void> {
  const due = schedulesOf(settings).filter((s) => s.everyMs > 0 && lastSlots.get(s.kind) !== Math.floor(now / s.everyMs))
  if (due.length === 0) return
  await enqueue(db, due.map((s) => {
    const slot = Math.floor(now / s.everyMs)
    return { kind: s.kind, maxAttempts: 1, uniqueKey: `${s.kind}:${slot}` }
  }))
  for (const s of due) lastSlots.set(s.kind, Math.floor(now / s.everyMs))
}

/** Forgets what this process scheduled (tests that share one process between databases). */
export const forgetSchedules = () => { lastSlots = new Map() }

export async function pruneJobs(db: Database): Promise<{ removed: number }> {
  const r = await db.deleteFrom('jobs')
    .where('state', 'in', ['done', 'cancelled'])
    .where('finished_at', '<', sql<Date>`now() - interval '7 days'`)
    .executeTakeFirst()
  return { removed: Number(r.numDeletedRows) }
}
