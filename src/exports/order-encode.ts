/** XML and JSON Lines of whole orders, built order by order (CSV comes from the database: order-csv.ts). */
import { fragment } from 'xmlbuilder2'
import { withoutControlChars } from '../shared/control-chars.ts'
import type { ExportedOrder } from './order-stream.ts'

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

/** One order as a file of its own: an XML document or indented JSON (CSV: orderCsvDocument). */
export function orderDocument(format: 'xml' | 'json', o: ExportedOrder): string {
  const clean = withoutControlChars(o)
  if (format === 'xml') return `<?xml version="1.0" encoding="UTF-8"?>\n${orderXml(clean)}\n`
  return `${JSON.stringify(o, null, 2)}\n`
}

/** XML or JSON Lines from the orders (CSV comes formatted from the database: streamOrdersCsv). */
export async function* encodeOrders(format: 'xml' | 'jsonl', orders: AsyncIterable<ExportedOrder>, onOrder?: () => void): AsyncGenerator<string> {
  if (format === 'xml') yield '<?xml version="1.0" encoding="UTF-8"?>\n<orders>\n'
  for await (const o of orders) {
    if (format === 'xml') yield `${orderXml(withoutControlChars(o))}\n`
    else yield `${JSON.stringify(o)}\n`
    onOrder?.()
  }
  if (format === 'xml') yield '</orders>\n'
}
