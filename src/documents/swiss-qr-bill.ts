/**
 * The payment part of a Swiss QR-bill (Swiss Payment Standards, QR-bill 2.x) for CHF invoices
 * to be paid by transfer: the "SPC" data in a QR code with the Swiss cross, and beside it the
 * account, the payee, the amount and the order number as the message. The invoice's own
 * reference type is NON (a plain IBAN; a QR-IBAN with QRR references is not supported).
 */
import QRCode from 'qrcode'
import type PDFDocument from 'pdfkit'
import type { Address } from '../db/schema.ts'
import { decimalOf } from '../shared/currency.ts'
import type { DocumentData } from './document-data.ts'

type Doc = InstanceType<typeof PDFDocument>
const mm = (n: number) => (n * 72) / 25.4

/** Whether the invoice gets a payment part: CHF (or EUR) to a Swiss or Liechtenstein IBAN, with the payee's address, and still to be paid. */
export function qrBillApplies(d: DocumentData): boolean {
  return d.kind === 'invoice' && (d.currency === 'CHF' || d.currency === 'EUR') && !!d.seller.iban && /^(CH|LI)/.test(d.seller.iban)
    && !!d.seller.address && (d.dueDate !== undefined && d.dueDate !== null || d.paymentMethod === 'bank_transfer') && (d.total ?? 0) > 0
}

const clip = (s: string | undefined, n: number) => (s ?? '').replace(/[\r\n]+/g, ' ').slice(0, n)

function party(a: Address | null, name?: string): string[] {
  if (!a) return ['', '', '', '', '', '', '']
  return ['S', clip(name ?? a.company ?? a.name, 70), clip(a.street, 70), '', clip(a.postalCode, 16), clip(a.city, 35), a.country]
}

/** The QR code's text, line by line as the standard orders them. */
export function qrPayload(d: DocumentData): string {
  return [
    'SPC', '0200', '1', d.seller.iban!.replace(/\s+/g, ''),
    ...party(d.seller.address, d.seller.name),
    '', '', '', '', '', '', '',
    decimalOf(d.total ?? 0, d.currency), d.currency,
    ...party(d.billingAddress),
    'NON', '', clip(`Order ${d.orderNumber} / Invoice ${d.number}`, 140), 'EPD',
  ].join('\n')
}

/** Draws the payment part on the bottom 105 mm of the current page (a new page if the invoice reaches down there). */
export async function drawQrBill(doc: Doc, d: DocumentData, y: number, font: (bold?: boolean) => Doc, money: (n: number) => string): Promise<void> {
  const top = doc.page.height - mm(105)
  if (y > top - 10) doc.addPage()
  doc.save().dash(3, { space: 3 }).moveTo(0, top).lineTo(doc.page.width, top).stroke().undash().restore()
  const png = await QRCode.toBuffer(qrPayload(d), { errorCorrectionLevel: 'M', margin: 0, width: 600 })
  const x = mm(67), qy = top + mm(17), size = mm(46)
  font(true).fontSize(11).text('Zahlteil', mm(67), top + mm(5))
  doc.image(png, x, qy, { width: size, height: size })
  // The Swiss cross in the middle of the code (7 mm).
  const c = mm(7), cx = x + size / 2 - c / 2, cy = qy + size / 2 - c / 2
  doc.save().rect(cx, cy, c, c).fill('#000').rect(cx + c * 0.41, cy + c * 0.2, c * 0.18, c * 0.6).fill('#fff').rect(cx + c * 0.2, cy + c * 0.41, c * 0.6, c * 0.18).fill('#fff').restore()
  font(true).fontSize(8).text('Währung', x, qy + size + mm(5)).text('Betrag', x + mm(20), qy + size + mm(5))
  font().fontSize(10).text(d.currency, x, qy + size + mm(9)).text(money(d.total ?? 0).replace(/[^\d.,'’ ]/g, '').trim(), x + mm(20), qy + size + mm(9))
  const info = mm(118)
  const a = d.seller.address!
  const block = (title: string, lines: string[], at: number) => {
    font(true).fontSize(8).text(title, info, at)
    font().fontSize(9).text(lines.filter(Boolean).join('\n'), info, at + 11, { width: mm(87) })
    return doc.y + 8
  }
  let iy = top + mm(5)
  iy = block('Konto / Zahlbar an', [d.seller.iban!.replace(/(.{4})/g, '$1 ').trim(), d.seller.name, a.street, `${a.postalCode} ${a.city}`], iy)
  iy = block('Zusätzliche Informationen', [`Order ${d.orderNumber} / Invoice ${d.number}`], iy)
  const b = d.billingAddress
  block('Zahlbar durch', [b.company ?? b.name, b.street, `${b.postalCode} ${b.city}`], iy)
}
