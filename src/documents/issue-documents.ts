/**
 * Issuing an order's documents as it changes (A26), in the change's transaction:
 * - the invoice, at the moment the shop chose (placement, payment or shipment), with its
 *   gap-free number and, for invoice orders, the due date from the payment terms;
 * - a credit note for whatever was invoiced and then cancelled (cancel, cancel-lines);
 * - a packing slip for each physical delivery once it is being packed or has gone out.
 * Each is stored with its snapshot; its PDF is drawn once, after the commit (document-pdf.ts).
 */
import type { Database } from '../db/database.ts'
import type { ChangeContext } from '../orders/order-change.ts'
import type { OrderState } from '../orders/order.repo.ts'
import { invoiceNumberAtWrite } from '../shops/shop.repo.ts'
import { loadSellerProfile, type ShopProfileRow } from '../shops/shop-profile.ts'
import { dayIn } from '../shared/currency.ts'
import { addDays } from '../shared/dates.ts'
import { baseOf, sellerOf, type DocumentData } from './document-data.ts'
import { creditNoteData, creditedSoFar, invoiceData, packingSlipData, type CreditRequest } from './build-documents.ts'
import { documentRow, documentsOfOrder, insertDocument, takeCreditNoteNumber } from './document.repo.ts'
import { labelsFor } from './labels.ts'
import { releaseOrderDiscounts } from '../discounts/discount-claims.ts'
import { startDunning, stopDunning } from '../dunning/dunning.repo.ts'
import type { Journal } from '../orders/journal.ts'

const slipStates = new Set(['packing', 'ready_to_ship', 'shipped', 'delivered'])
const ended = new Set(['cancelled'])

function invoiceDue(invoiceAt: ShopProfileRow['invoice_at'], order: OrderState): boolean {
  const o = order.row
  if (o.status === 'awaiting_approval' || o.status === 'awaiting_payment' || o.status === 'cancelled') return false
  if (invoiceAt === 'payment') return o.payment_status === 'paid'
  if (invoiceAt === 'shipment') return order.deliveries.some((d) => d.row.status === 'shipped' || d.row.status === 'delivered')
  return true
}

/**
 * Issues what the order's new state calls for. Call it at the end of every change, before
 * saving the order: the invoice number is taken by the journal's flush, which writes the order.
 */
export async function issueDueDocuments(ctx: ChangeContext, order: OrderState): Promise<void> {
  const o = order.row
  const slipsDue = order.deliveries.some((d) => d.row.kind !== 'electronic' && slipStates.has(d.row.status))
  const cancelledSome = ended.has(o.status) || order.lines.some((l) => l.cancelled_quantity > 0)
  // Paid or cancelled: no more reminders (no write when the order is known to have none running).
  if ((o.payment_status === 'paid' || o.status === 'cancelled') && order.dunningOpen !== false) {
    await stopDunning(ctx.trx, o.id)
    order.dunningOpen = false
  }
  if (o.status === 'cancelled' && (order.discounts?.length ?? 0) > 0) await releaseOrderDiscounts(ctx.trx, o.id)
  const mayInvoice = o.invoice_number === null && invoiceDue('placement', order)
  const mayCredit = o.invoice_number !== null && cancelledSome
  if (!slipsDue && !mayInvoice && !mayCredit) return
  const { profile, shopName, invoiceNumbers } = ctx.seller ?? await loadSellerProfile(ctx.trx, o.shop_code)
  // The order's documents came with it (loadOrder); only a credit note needs their snapshots.
  const heads = order.documents ?? await documentsOfOrder(ctx.trx, o.id)
  const now = new Date()
  const base = baseOf(order, sellerOf(shopName, profile), profile, now)

  for (const d of order.deliveries.filter((x) => x.row.kind !== 'electronic' && slipStates.has(x.row.status))) {
    if (heads.some((x) => x.kind === 'packing_slip' && x.delivery_id === d.row.id)) continue
    await store(ctx.trx, ctx.journal, order, packingSlipData(order, d, base), 'with-change')
  }
  if (o.invoice_number === null && invoiceDue(profile.invoice_at, order)) {
    if (!invoiceNumbers) return
    // The number locks the shop's counter: the change's write takes it, in place of a stand-in.
    const number = ctx.journal.number = invoiceNumberAtWrite(o.shop_code)
    o.invoice_number = number.standIn
    number.whenTaken((taken) => {
      o.invoice_number = taken
      for (const d of order.documents ?? []) if (d.number === number.standIn) d.number = taken
    })
    const dueDate = o.payment_method === 'invoice' && o.payment_status !== 'paid' ? addDays(dayIn(now, profile.time_zone), profile.payment_terms_days) : null
    await store(ctx.trx, ctx.journal, order, invoiceData(order, base, o.invoice_number, dueDate), 'with-change')
    if (dueDate) {
      await startDunning(ctx.trx, o.id, o.shop_code, dueDate)
      order.dunningOpen = true
    }
    return
  }
  if (cancelledSome) await creditCancelled(ctx.trx, ctx.journal, order, base, profile)
}

/** Credits what was invoiced and has since been cancelled: every line's cancelled units, and shipping with the whole order. */
async function creditCancelled(trx: Database, journal: Journal, order: OrderState, base: ReturnType<typeof baseOf>, profile: ShopProfileRow) {
  if (order.documents && !order.documents.some((d) => d.kind === 'invoice')) return
  const docs = await documentsOfOrder(trx, order.row.id)
  const invoice = docs.find((d) => d.kind === 'invoice')?.data
  if (!invoice) return
  const credits = docs.filter((d) => d.kind === 'credit_note').map((d) => d.data)
  const so = creditedSoFar(credits)
  const cancelled = order.row.status === 'cancelled'
  const lines = invoice.lines.map((l) => {
    const line = order.lines.find((x) => x.id === l.lineId)
    const liveNow = cancelled || !line ? 0 : line.quantity - line.cancelled_quantity
    return { lineId: l.lineId, quantity: l.quantity - (so.lines.get(l.lineId)?.quantity ?? 0) - liveNow }
  }).filter((l) => l.quantity > 0)
  const L = labelsFor(profile.locale)
  const request = { reason: cancelled ? L.orderCancelled : L.linesCancelled, lines, shipping: cancelled }
  if (!creditNoteData(invoice, credits, request, base, 'probe')) return
  const number = await takeCreditNoteNumber(trx, order.row.shop_code)
  await store(trx, journal, order, creditNoteData(invoice, credits, request, base, number)!, 'with-change')
}

/**
 * Issues a credit note against the order's invoice for a refund, a return or a goodwill amount:
 * for the lines taken back (priced as invoiced, after discount), the shipping, or a plain amount.
 * Returns the document's id, or null when the order has no invoice or nothing is left to credit.
 */
export async function issueCreditNote(trx: Database, journal: Journal, order: OrderState, request: CreditRequest): Promise<string | null> {
  const docs = await documentsOfOrder(trx, order.row.id)
  const invoice = docs.find((d) => d.kind === 'invoice')?.data
  if (!invoice) return null
  const { profile, shopName } = await loadSellerProfile(trx, order.row.shop_code)
  const base = baseOf(order, sellerOf(shopName, profile), profile, new Date())
  const credits = docs.filter((d) => d.kind === 'credit_note').map((d) => d.data)
  const probe = creditNoteData(invoice, credits, request, base, 'probe')
  if (!probe) return null
  const asked = request.total !== undefined && probe.total !== request.total ? { reason: request.reason, amount: request.total } : request
  if (asked !== request && !creditNoteData(invoice, credits, asked, base, 'probe')) return null
  const number = await takeCreditNoteNumber(trx, order.row.shop_code)
  return store(trx, journal, order, creditNoteData(invoice, credits, asked, base, number)!)
}

/**
 * Issues a document: its number and snapshot, in the change's transaction. Its PDF is drawn
 * after the commit (document-pdf.ts), so the shop's number counter, locked until then, is
 * not held while a PDF is rendered. `with-change` (every document issueDueDocuments issues):
 * the row goes with the change's one write (the journal's flush, which every caller of
 * issueDueDocuments ends with), so the counter's lock is held for one round trip less; a
 * credit note a caller refers to at once (issueCreditNote) is written now.
 */
async function store(trx: Database, journal: Journal, order: OrderState, data: DocumentData, when: 'now' | 'with-change' = 'now'): Promise<string> {
  const orderId = order.row.id, shopCode = order.row.shop_code
  let id: string
  if (when === 'now') id = await insertDocument(trx, shopCode, data)
  else {
    const row = documentRow(shopCode, data)
    journal.also({ into: 'documents', rows: [row] })
    id = row.id
  }
  order.documents?.push({ id, kind: data.kind, number: data.number, delivery_id: data.deliveryId ?? null })
  journal.entry(orderId, 'document', { action: `issue-${data.kind.replace('_', '-')}`, note: `${data.kind.replace('_', ' ')} ${data.number} issued` })
  journal.event(`${data.kind}.issued`, orderId, shopCode, {
    documentId: id, kind: data.kind, number: data.number, total: data.total ?? null, dueDate: data.dueDate ?? null, invoiceNumber: data.invoiceNumber ?? null,
  })
  return id
}
