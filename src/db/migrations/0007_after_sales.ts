/** Tables and columns for returns, refunds, order edits (A7-A10). */
import type { Kysely } from 'kysely'

export async function up(_db: Kysely<unknown>): Promise<void> {}
