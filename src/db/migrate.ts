/** Runs the schema migrations, in order, once each. */
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely'
import type { Database } from './database.ts'
import * as core from './migrations/0001_core.ts'
import * as lineCancellation from './migrations/0002_line_cancellation.ts'
import * as staff from './migrations/0003_staff.ts'
import * as jobs from './migrations/0004_jobs.ts'
import * as orderSortIndexes from './migrations/0005_order_sort_indexes.ts'
import * as security from './migrations/0006_security.ts'
import * as afterSales from './migrations/0007_after_sales.ts'
import * as money from './migrations/0008_money.ts'
import * as drafts from './migrations/0009_drafts.ts'
import * as vouchers from './migrations/0010_vouchers.ts'
import * as customers from './migrations/0011_customers.ts'
import * as operations from './migrations/0012_operations.ts'
import * as orderInfo from './migrations/0013_order_info.ts'
import * as periodIndexes from './migrations/0014_period_indexes_and_order_names.ts'
import * as documentPdfAfterCommit from './migrations/0015_document_pdf_after_commit.ts'
import * as paymentAttemptsAfterPlacement from './migrations/0016_payment_attempts_after_placement.ts'
import { syncBuiltInRoles } from '../auth/roles.service.ts'

// Listed here rather than read from the folder, so the set is fixed at build time.
const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_line_cancellation': lineCancellation,
  '0003_staff': staff,
  '0004_jobs': jobs,
  '0005_order_sort_indexes': orderSortIndexes,
  '0006_security': security,
  '0007_after_sales': afterSales,
  '0008_money': money,
  '0009_drafts': drafts,
  '0010_vouchers': vouchers,
  '0011_customers': customers,
  '0012_operations': operations,
  '0013_order_info': orderInfo,
  '0014_period_indexes_and_order_names': periodIndexes,
  '0015_document_pdf_after_commit': documentPdfAfterCommit,
  '0016_payment_attempts_after_placement': paymentAttemptsAfterPlacement,
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

export async function migrateToLatest(db: Database): Promise<string[]> {
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  await syncBuiltInRoles(db)
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** A hot-standby replica, or a database whose transactions are read-only by default: nothing to migrate there. */
export async function isReadOnly(db: Database): Promise<boolean> {
  const { rows } = await sql<{ ro: boolean }>`select pg_is_in_recovery() or current_setting('transaction_read_only') = 'on' as ro`.execute(db)
  return rows[0].ro
}

/** Migrations the code has and the database has not run yet (for /health/ready). */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const infos = await new Migrator({ db, provider }).getMigrations()
  return infos.filter((m) => !m.executedAt).map((m) => m.name)
}
