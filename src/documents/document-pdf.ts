/**
 * A document's PDF, drawn from its snapshot once, after the change that issued it has
 * committed: by the worker soon after (renderWaitingDocuments), or by whoever needs it
 * first (a download, an e-mail). Then kept, so every later reader gets the same bytes.
 * The letterhead's logo is the shop's at that moment, a second or so after issuing.
 */
import type { Database } from '../db/database.ts'
import { loadProfile } from '../shops/shop-profile.ts'
import type { DocumentData } from './document-data.ts'
import { drawPdf } from './pdf-thread.ts'

export interface DocumentRow { id: string; shop_code: string; data: unknown; pdf: Buffer | null }

export async function documentPdf(db: Database, doc: DocumentRow): Promise<Buffer> {
  if (doc.pdf) return doc.pdf
  const pdf = await drawPdf(doc.data as DocumentData, (await loadProfile(db, doc.shop_code)).logo)
  const kept = await db.updateTable('documents').set({ pdf }).where('id', '=', doc.id).where('pdf', 'is', null).returning('id').executeTakeFirst()
  if (kept) return pdf
  // Another process drew it at the same time: the one kept is the one every reader gets.
  const stored = await db.selectFrom('documents').select('pdf').where('id', '=', doc.id).executeTakeFirstOrThrow()
  return stored.pdf ?? pdf
}

/** The worker's turn: draws the PDFs of the oldest documents still without one; how many it drew. */
export async function renderWaitingDocuments(db: Database, limit: number, onError: (id: string, error: unknown) => void): Promise<number> {
  const waiting = await db.selectFrom('documents').select(['id', 'shop_code', 'data', 'pdf'])
    .where('pdf', 'is', null).orderBy('created_at').limit(limit).execute()
  let drawn = 0
  for (const doc of waiting) {
    try { await documentPdf(db, doc); drawn++ } catch (error) { onError(doc.id, error) }
  }
  return drawn
}
