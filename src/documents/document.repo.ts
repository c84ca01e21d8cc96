/** Stored documents: written once with their snapshot; the PDF drawn from it is added once (document-pdf.ts). */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { uuidv7 } from '../shared/ids.ts'
import type { DocumentData } from './document-data.ts'

export interface StoredDocument { id: string; kind: DocumentData['kind'] | 'reminder'; number: string; delivery_id: string | null; data: DocumentData; created_at: Date }

export async function documentsOfOrder(db: Database, orderId: string): Promise<StoredDocument[]> {
  const rows = await db.selectFrom('documents').select(['id', 'kind', 'number', 'delivery_id', 'data', 'created_at'])
    .where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute()
  return rows as unknown as StoredDocument[]
}

/** A document's row, to be written by itself (insertDocument) or with the change that issues it. */
export function documentRow(shopCode: string, data: DocumentData) {
  return {
    id: uuidv7(), shop_code: shopCode, order_id: data.orderId, delivery_id: data.deliveryId ?? null, kind: data.kind, number: data.number,
    currency: data.currency, total: data.total ?? 0, tax: data.tax ?? 0, data: JSON.stringify(data), pdf: null, created_at: new Date(data.issuedAt),
  }
}

export async function insertDocument(trx: Database, shopCode: string, data: DocumentData): Promise<string> {
  const row = documentRow(shopCode, data)
  await trx.insertInto('documents').values(row).execute()
  return row.id
}

/** The shop's next credit note number: its own gap-free counter, row-locked like invoice numbers. */
export async function takeCreditNoteNumber(trx: Database, shopCode: string): Promise<string> {
  await trx.insertInto('shop_profiles').values({ shop_code: shopCode, legal_name: null, address: null, vat_id: null, iban: null, bic: null, email: null, logo: null })
    .onConflict((oc) => oc.column('shop_code').doNothing()).execute()
  const row = await trx.updateTable('shop_profiles').set({ next_credit_note_number: sql`next_credit_note_number + 1` })
    .where('shop_code', '=', shopCode)
    .returning(['credit_note_prefix', sql<number>`next_credit_note_number - 1`.as('n')]).executeTakeFirstOrThrow()
  return `${row.credit_note_prefix}${row.n}`
}
