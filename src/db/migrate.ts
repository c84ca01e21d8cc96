/** Runs the schema migrations, in order, once each. */
import { Migrator, type Migration, type MigrationProvider } from 'kysely'
import type { Database } from './database.ts'
import * as core from './migrations/0001_core.ts'
import * as lineCancellation from './migrations/0002_line_cancellation.ts'
import * as staff from './migrations/0003_staff.ts'
import * as jobs from './migrations/0004_jobs.ts'
import * as orderSortIndexes from './migrations/0005_order_sort_indexes.ts'
import { syncBuiltInRoles } from '../auth/roles.service.ts'

// Listed here rather than read from the folder, so the set is fixed at build time.
const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_line_cancellation': lineCancellation,
  '0003_staff': staff,
  '0004_jobs': jobs,
  '0005_order_sort_indexes': orderSortIndexes,
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

export async function migrateToLatest(db: Database): Promise<string[]> {
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  await syncBuiltInRoles(db)
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
