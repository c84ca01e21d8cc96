/**
 * The export formats, each a stream of text chunks from a stream of orders.
 * CSV has one row per order line (the order's columns repeated), the usual shape for
 * spreadsheets and ERPs; XML and JSON Lines keep the full structure.
 */
import { stringify } from 'csv-stringify/sync'
import { fragment } from 'xmlbuilder2'
import { withoutControlChars } from '../shared/control-chars.ts'
import type { ExportedOrder } from './order-stream.ts'

export const exportFormats = ['csv', 'xml', 'jsonl'] as const
export type ExportFormat = (typeof exportFormats)[number]

export const mediaTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
}

export const csvColumns = [
  'order_id', 'number', 'invoice_number', 'shop', 'status', 'payment_status', 'payment_method', 'customer_id', 'customer_email', 'customer_name',
  'currency', 'subtotal', 'discount', 'shipping', 'tax', 'total', 'captured', 'refunded', 'created_at',
  'line_no', 'sku', 'name', 'quantity', 'cancelled_quantity', 'unit_price', 'line_amount', 'line_tax', 'deliveries', 'payments',
  // B2B fields (purchase-order reference, cost centre, who approved it)
  'po_reference', 'cost_centre', 'approver',
] as const

/** One CSV row per line; deliveries and payments of the order as "number:status:carrier:tracking|..." and "operation:amount:status|...". */
export function csvRows(o: ExportedOrder): (string | number)[][] {
  const deliveries = o.deliveries.map((d) => [d.number, d.status, d.carrier ?? '', d.trackingNumber ?? ''].join(':')).join('|')
  const payments = o.transactions.map((t) => [t.operation, t.amount, t.status].join(':')).join('|')
  const head = [o.id, o.number, o.invoiceNumber ?? '', o.shop, o.status, o.paymentStatus, o.payment.method, o.customer.id, o.customer.email, o.customer.name,
    o.totals.currency, o.totals.subtotal, o.totals.discount, o.totals.shipping, o.totals.tax, o.totals.total, o.payment.captured, o.payment.refunded, o.createdAt]
  const b2b = [o.b2b?.poReference ?? '', o.b2b?.costCentre ?? '', o.b2b?.approver ?? '']
  return o.lines.map((l) => [...head, l.lineNo, l.sku, l.name, l.quantity, l.cancelledQuantity, l.unitPrice, l.amount, l.tax, deliveries, payments, ...b2b].map(cell))
}

/** Numbers stay numbers (so a negative amount is not mistaken for a formula), the rest is text. */
const cell = (value: unknown): string | number => (typeof value === 'number' ? value : String(value ?? ''))

/**
 * Cells starting with = + - @ tab or CR are prefixed with ' so a spreadsheet shows them as
 * text instead of running them (CSV formula injection).
 */
export const csv = (rows: (string | number)[][]) => stringify(rows, { escape_formulas: true })

export function orderXml(o: ExportedOrder): string {
  const x = fragment().ele('order', { id: o.id, number: o.number, shop: o.shop })
  x.ele('status').txt(o.status).up().ele('paymentStatus').txt(o.paymentStatus).up()
  if (o.invoiceNumber) x.ele('invoiceNumber').txt(o.invoiceNumber)
  x.ele('customer', { id: o.customer.id }).ele('name').txt(o.customer.name).up().ele('email').txt(o.customer.email)
  x.ele('totals', { currency: o.totals.currency, subtotal: o.totals.subtotal, discount: o.totals.discount, shipping: o.totals.shipping, tax: o.totals.tax, total: o.totals.total })
  const lines = x.ele('lines')
  for (const l of o.lines) lines.ele('line', { no: l.lineNo, sku: l.sku, quantity: l.quantity, cancelled: l.cancelledQuantity, unitPrice: l.unitPrice, amount: l.amount, tax: l.tax }).txt(l.name)
  const deliveries = x.ele('deliveries')
  for (const d of o.deliveries) {
    const el = deliveries.ele('delivery', { id: d.id, number: d.number, kind: d.kind, status: d.status, amount: d.amount })
    if (d.carrier) el.att('carrier', d.carrier)
    if (d.trackingNumber) el.att('tracking', d.trackingNumber)
  }
  const payments = x.ele('payments', { method: o.payment.method, captured: o.payment.captured, refunded: o.payment.refunded })
  for (const t of o.transactions) payments.ele('transaction', { operation: t.operation, amount: t.amount, status: t.status, at: t.at })
  if (o.b2b) {
    const b = x.ele('b2b')
    if (o.b2b.poReference) b.ele('poReference').txt(o.b2b.poReference)
    if (o.b2b.costCentre) b.ele('costCentre').txt(o.b2b.costCentre)
    if (o.b2b.approver) b.ele('approver').txt(o.b2b.approver)
  }
  x.ele('createdAt').txt(o.createdAt)
  return x.end({ headless: true })
}

/** One order as a file of its own: CSV with its header row, an XML document, or indented JSON. */
export function orderDocument(format: 'csv' | 'xml' | 'json', o: ExportedOrder): string {
  const clean = withoutControlChars(o)
  if (format === 'csv') return csv([[...csvColumns], ...csvRows(clean)])
  if (format === 'xml') return `<?xml version="1.0" encoding="UTF-8"?>\n${orderXml(clean)}\n`
  return `${JSON.stringify(o, null, 2)}\n`
}

export async function* encodeOrders(format: ExportFormat, orders: AsyncIterable<ExportedOrder>, onOrder?: () => void): AsyncGenerator<string> {
  if (format === 'csv') yield csv([[...csvColumns]])
  if (format === 'xml') yield '<?xml version="1.0" encoding="UTF-8"?>\n<orders>\n'
  for await (const o of orders) {
    if (format === 'csv') yield csv(csvRows(withoutControlChars(o)))
    else if (format === 'xml') yield `${orderXml(withoutControlChars(o))}\n`
    else yield `${JSON.stringify(o)}\n`
    onOrder?.()
  }
  if (format === 'xml') yield '</orders>\n'
}
