/** Tables and columns for vouchers and licence keys (A20, A21). */
import type { Kysely } from 'kysely'

export async function up(_db: Kysely<unknown>): Promise<void> {}
