/**
 * A document's PDF is rendered after the change that issued it has committed (by the
 * worker, or by the first download), not inside it: the snapshot and number are what is
 * issued; the PDF is drawn from the snapshot once and then kept.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table documents alter column pdf drop not null`.execute(db)
  // The worker finds the documents still waiting for their PDF.
  await sql`create index documents_pdf_pending on documents (created_at) where pdf is null`.execute(db)
}
