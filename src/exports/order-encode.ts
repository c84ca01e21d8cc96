/** XML and JSON Lines of whole orders, built order by order (CSV comes from the database: order-csv.ts). */
import { withoutControlChars } from '../shared/control-chars.ts'
import type { ExportedOrder } from './order-stream.ts'
import { element, leaf } from './xml-text.ts'

export function orderXml(o: ExportedOrder): string {
  const t = o.totals, b = o.b2b
  return element('order', { id: o.id, number: o.number, shop: o.shop },
    leaf('status', {}, o.status) + leaf('paymentStatus', {}, o.paymentStatus) +
    (o.invoiceNumber ? leaf('invoiceNumber', {}, o.invoiceNumber) : '') +
    element('customer', { id: o.customer.id }, leaf('name', {}, o.customer.name) + leaf('email', {}, o.customer.email)) +
    leaf('totals', { currency: t.currency, subtotal: t.subtotal, discount: t.discount, shipping: t.shipping, tax: t.tax, total: t.total }) +
    element('lines', {}, o.lines.map((l) => leaf('line', {
      no: l.lineNo, sku: l.sku, quantity: l.quantity, cancelled: l.cancelledQuantity, unitPrice: l.unitPrice, amount: l.amount, tax: l.tax,
    }, l.name)).join('')) +
    element('deliveries', {}, o.deliveries.map((d) => leaf('delivery', {
      id: d.id, number: d.number, kind: d.kind, status: d.status, amount: d.amount, carrier: d.carrier || undefined, tracking: d.trackingNumber || undefined,
    })).join('')) +
    element('payments', { method: o.payment.method, captured: o.payment.captured, refunded: o.payment.refunded },
      o.transactions.map((x) => leaf('transaction', { operation: x.operation, amount: x.amount, status: x.status, at: x.at })).join('')) +
    (b ? element('b2b', {}, (b.poReference ? leaf('poReference', {}, b.poReference) : '') +
      (b.costCentre ? leaf('costCentre', {}, b.costCentre) : '') + (b.approver ? leaf('approver', {}, b.approver) : '')) : '') +
    leaf('createdAt', {}, o.createdAt))
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
