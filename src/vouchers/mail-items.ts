/**
 * What an order's e-mails show of the vouchers and licences it sold, and the voucher PDFs
 * attached to the delivery e-mail.
 */
import type { Database } from '../db/database.ts'
import { voucherPdf } from './voucher-pdf.ts'

export async function orderItemsForMail(db: Database, orderId: string | null) {
  if (!orderId) return { vouchers: [], licences: [] }
  const [vouchers, licences] = await Promise.all([
    db.selectFrom('vouchers').select(['code', 'value', 'balance', 'currency', 'status', 'expires_at']).where('order_id', '=', orderId).orderBy('created_at').execute(),
    db.selectFrom('licences as l').leftJoin('products as p', 'p.sku', 'l.sku').select(['l.key', 'l.sku', 'p.name', 'l.status', 'l.expires_at', 'l.activation_limit'])
      .where('l.order_id', '=', orderId).orderBy('l.created_at').execute(),
  ])
  return {
    vouchers: vouchers.map((v) => ({ code: v.code, value: v.value, balance: v.balance, currency: v.currency, status: v.status, expiresAt: v.expires_at?.toISOString().slice(0, 10) ?? null })),
    licences: licences.map((l) => ({ key: l.key, sku: l.sku, product: l.name, status: l.status, expiresAt: l.expires_at?.toISOString().slice(0, 10) ?? null, activationLimit: l.activation_limit })),
  }
}

export interface Attachment { filename: string; content: Buffer; contentType: string }

/** The printable PDF of each active voucher the order sold, for the e-mail of its delivery. */
export async function voucherAttachments(db: Database, event: string, orderId: string | null): Promise<Attachment[]> {
  if (event !== 'delivery.delivered' || !orderId) return []
  const rows = await db.selectFrom('vouchers').selectAll().where('order_id', '=', orderId).where('status', '=', 'active').orderBy('created_at').execute()
  return Promise.all(rows.map(async (v) => ({ filename: `voucher-${v.code}.pdf`, content: await voucherPdf(db, v), contentType: 'application/pdf' })))
}
