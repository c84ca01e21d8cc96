/** Tables and columns for draft orders, quotes, consultation requests (A16-A19). */
import type { Kysely } from 'kysely'

export async function up(_db: Kysely<unknown>): Promise<void> {}
