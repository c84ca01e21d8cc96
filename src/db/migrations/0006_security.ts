/** Tables and columns for issue 9, security fixes. */
import type { Kysely } from 'kysely'

export async function up(_db: Kysely<unknown>): Promise<void> {}
