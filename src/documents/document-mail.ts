/** The PDF an e-mail about an issued document carries: the document as it was issued. */
import type { Database } from '../db/database.ts'
import { isUuid } from '../shared/ids.ts'
import type { Attachment } from '../notifications/mail-transport.ts'
import { documentPdf } from './document-pdf.ts'

export async function documentAttachments(db: Database, shopCode: string, payload: Record<string, unknown>): Promise<Attachment[]> {
  const id = payload.documentId
  if (typeof id !== 'string' || !isUuid(id)) return []
  const doc = await db.selectFrom('documents').select(['id', 'shop_code', 'data', 'kind', 'number', 'pdf']).where('id', '=', id).where('shop_code', '=', shopCode).executeTakeFirst()
  if (!doc) return []
  return [{ filename: `${doc.kind}-${doc.number}.pdf`.replace(/[^A-Za-z0-9._-]/g, '_'), content: await documentPdf(db, doc), contentType: 'application/pdf' }]
}
