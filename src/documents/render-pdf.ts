/**
 * Renders a document snapshot as an A4 PDF with pdfkit: the shop's letterhead, the
 * addresses, the lines, the totals with the tax per rate and the bank details; packing
 * slips without prices and with a Code 128 barcode of the delivery number.
 */
import { existsSync, readFileSync } from 'node:fs'
import { create as createFont, type Font as ParsedFont, type FontCollection } from 'fontkit'
import PDFDocument from 'pdfkit'
import bwipjs from 'bwip-js'
import { dayIn, formatDate, formatMoney } from '../shared/currency.ts'
import type { Address } from '../db/schema.ts'
import type { DocumentData } from './document-data.ts'
import { fill, labelsFor } from './labels.ts'
import { drawQrBill, qrBillApplies } from './swiss-qr-bill.ts'

const fontFile = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'
const boldFile = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'
const haveFont = existsSync(fontFile) && existsSync(boldFile)
// Without a Unicode font the built-in Helvetica (WinAnsi) is used; it lacks a few symbols.
const plain = (s: string) => (haveFont ? s.replace(/\uFFE5/g, '¥') : s.replace(/\uFFE5/g, '¥').replace(/[\u202F\u2009]/g, ' '))

const LEFT = 50, RIGHT = 545, WIDTH = RIGHT - LEFT

// Parsing the fonts took most of a document's 70 ms: they are parsed once per process and
// handed to pdfkit as fontkit fonts (each document still embeds its own subset).
let fonts: { body: ParsedFont; bold: ParsedFont } | undefined
const single = (f: ParsedFont | FontCollection) => ('fonts' in f ? f.fonts[0] : f)
function parsedFonts() {
  fonts ??= { body: single(createFont(readFileSync(fontFile))), bold: single(createFont(readFileSync(boldFile))) }
  return fonts
}

export async function renderPdf(d: DocumentData, logo: string | null): Promise<Buffer> {
  // The default font is ours where we have it: pdfkit would otherwise parse Helvetica's metrics for every document.
  const doc = new PDFDocument({
    size: 'A4', margin: 50, info: { Title: `${d.kind} ${d.number}`, Author: d.seller.name, CreationDate: new Date(d.issuedAt) },
    ...(haveFont && { font: parsedFonts().body as never }),
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  if (haveFont) { const f = parsedFonts(); doc.registerFont('body', f.body as never); doc.registerFont('bold', f.bold as never) }
  const font = (bold = false) => doc.font(haveFont ? (bold ? 'bold' : 'body') : (bold ? 'Helvetica-Bold' : 'Helvetica'))
  const L = labelsFor(d.locale)
  const money = (minor: number) => plain(formatMoney(minor, d.currency, d.locale))
  const date = (at: string) => formatDate(at, d.locale, d.timeZone)

  // Letterhead: logo left, seller right.
  if (logo) {
    try { doc.image(Buffer.from(logo.split(',')[1], 'base64'), LEFT, 45, { fit: [160, 60] }) } catch { /* an unreadable logo is left out */ }
  }
  font(true).fontSize(10).text(plain(d.seller.name), 330, 45, { width: 215, align: 'right' })
  font().fontSize(9).text(plain([...addressLines(d.seller.address), d.seller.vatId ? `${L.vatId} ${d.seller.vatId}` : '', d.seller.email ?? ''].filter(Boolean).join('\n')), { width: 215, align: 'right' })

  // Addresses.
  const showShipTo = d.kind === 'packing_slip'
  const to = showShipTo ? (d.shippingAddress ?? d.billingAddress) : d.billingAddress
  font().fontSize(10).text(plain(addressLines(to).join('\n')), LEFT, 150, { width: 250 })

  // Title and facts.
  font(true).fontSize(16).text(plain(`${L[d.kind]} ${d.number}`), LEFT, 240)
  const facts: [string, string][] = [[L.date, date(d.issuedAt)], [L.order, d.orderNumber]]
  if (d.deliveryNumber) facts.push([L.delivery, d.deliveryNumber])
  if (d.invoiceNumber) facts.push([L.refersTo, d.invoiceNumber])
  if (d.dueDate) facts.push([L.dueDate, date(`${d.dueDate}T12:00:00Z`)])
  if (d.reason) facts.push([L.reason, d.reason])
  font().fontSize(9)
  let y = 265
  for (const [k, v] of facts) { doc.text(plain(`${k}:`), LEFT, y, { width: 110 }); doc.text(plain(v), LEFT + 110, y, { width: 300 }); y += 13 }
  if (d.kind === 'packing_slip' && d.deliveryNumber) {
    const png = await bwipjs.toBuffer({ bcid: 'code128', text: d.deliveryNumber, scale: 2, height: 12, includetext: true, textxalign: 'center' })
    doc.image(png, 360, 235, { fit: [185, 60] })
  }
  y = Math.max(y, 300) + 10
  y = d.kind === 'packing_slip' ? slipLines(doc, d, y, L, font) : moneyLines(doc, d, y, L, font, money)
  if (d.kind !== 'packing_slip') footer(doc, d, y, L, font, money, date)
  if (qrBillApplies(d)) await drawQrBill(doc, d, doc.y, font, money)
  doc.end()
  return done
}

type Doc = InstanceType<typeof PDFDocument>
type Font = (bold?: boolean) => Doc
type Labels = ReturnType<typeof labelsFor>

function addressLines(a: Address | null): string[] {
  if (!a) return []
  return [a.company, a.name, a.street, a.street2, `${a.postalCode} ${a.city}`, a.country].filter((x): x is string => Boolean(x))
}

function row(doc: Doc, y: number, cells: [string, number, number, ('left' | 'right')?][]): number {
  let h = 0
  for (const [text, x, w, align] of cells) {
    doc.text(plain(text), x, y, { width: w, align: align ?? 'left' })
    h = Math.max(h, doc.heightOfString(plain(text), { width: w }))
  }
  return y + h + 4
}

function newPageIfNeeded(doc: Doc, y: number): number {
  if (y < 760) return y
  doc.addPage()
  return 60
}

function slipLines(doc: Doc, d: DocumentData, y: number, L: Labels, font: Font): number {
  font(true).fontSize(9)
  y = row(doc, y, [[L.pos, LEFT, 30], [L.article, LEFT + 35, 120], ['', LEFT + 160, 260], [L.quantity, RIGHT - 60, 60, 'right']])
  doc.moveTo(LEFT, y - 2).lineTo(RIGHT, y - 2).stroke()
  font().fontSize(9)
  d.lines.forEach((l, i) => {
    y = newPageIfNeeded(doc, y)
    y = row(doc, y, [[String(i + 1), LEFT, 30], [l.sku, LEFT + 35, 120], [l.name, LEFT + 160, 260], [String(l.quantity), RIGHT - 60, 60, 'right']])
  })
  return y
}

function moneyLines(doc: Doc, d: DocumentData, y: number, L: Labels, font: Font, money: (n: number) => string): number {
  const cols = { pos: LEFT, article: LEFT + 30, qty: 300, unit: 340, vat: 415, amount: 455 }
  font(true).fontSize(9)
  y = row(doc, y, [[L.pos, cols.pos, 25], [L.article, cols.article, 265], [L.quantity, cols.qty, 35, 'right'],
    [L.unitPrice, cols.unit, 70, 'right'], [L.vat, cols.vat, 35, 'right'], [L.amount, cols.amount, RIGHT - cols.amount, 'right']])
  doc.moveTo(LEFT, y - 2).lineTo(RIGHT, y - 2).stroke()
  font().fontSize(9)
  d.lines.forEach((l, i) => {
    y = newPageIfNeeded(doc, y)
    y = row(doc, y, [[String(i + 1), cols.pos, 25], [`${l.name}\n${l.sku}`, cols.article, 265], [String(l.quantity), cols.qty, 35, 'right'],
      [l.unitPrice !== undefined ? money(l.unitPrice) : '', cols.unit, 70, 'right'], [`${(l.rateBp ?? 0) / 100}%`, cols.vat, 35, 'right'],
      [money(l.amount ?? 0), cols.amount, RIGHT - cols.amount, 'right']])
  })
  doc.moveTo(LEFT, y).lineTo(RIGHT, y).stroke()
  y += 6
  const sum = (label: string, value: number, bold = false) => {
    y = newPageIfNeeded(doc, y)
    font(bold).fontSize(bold ? 10 : 9)
    y = row(doc, y, [[label, 300, 150, 'right'], [money(value), cols.amount, RIGHT - cols.amount, 'right']])
  }
  sum(L.subtotal, d.subtotal ?? 0)
  for (const c of d.discountCodes ?? []) sum(`${L.discount} ${c.code}`, -c.amount)
  if ((d.discountCodes ?? []).length === 0 && (d.discount ?? 0) > 0) sum(L.discount, -(d.discount ?? 0))
  if (d.shipping && d.shipping.amount !== 0) sum(L.shipping, d.shipping.amount)
  if (!d.pricesIncludeTax) sum(`${L.added}`, d.tax ?? 0)
  sum(d.kind === 'credit_note' ? L.credited : L.total, d.total ?? 0, true)

  y += 10
  y = newPageIfNeeded(doc, y)
  font(true).fontSize(9)
  y = row(doc, y, [[`${L.taxSummary} (${d.pricesIncludeTax ? L.included : L.added})`, LEFT, 250], [L.rate, 300, 50, 'right'], [L.base, 350, 95, 'right'], [L.tax, cols.amount, RIGHT - cols.amount, 'right']])
  font().fontSize(9)
  for (const t of d.taxes ?? []) {
    y = row(doc, y, [['', LEFT, 250], [`${t.rate}%`, 300, 50, 'right'], [money(t.base), 350, 95, 'right'], [money(t.tax), cols.amount, RIGHT - cols.amount, 'right']])
  }
  return y
}

function footer(doc: Doc, d: DocumentData, y: number, L: Labels, font: Font, money: (n: number) => string, date: (s: string) => string): void {
  y = newPageIfNeeded(doc, y + 16)
  font().fontSize(9)
  const lines: string[] = []
  if (d.kind === 'credit_note') lines.push(L.refund)
  else if (d.dueDate !== undefined && d.dueDate !== null) {
    // Counted from the day of issue in the shop's time zone, as the due date was (late in the UTC day it is already tomorrow in Zürich).
    const issued = dayIn(new Date(d.issuedAt), d.timeZone)
    const days = Math.round((Date.parse(`${d.dueDate}T00:00:00Z`) - Date.parse(`${issued}T00:00:00Z`)) / 86_400_000)
    lines.push(fill(L.payWithin, { days, date: date(`${d.dueDate}T12:00:00Z`) }))
  } else if (d.paymentMethod) lines.push(fill(L.paid, { method: d.paymentMethod.replace(/_/g, ' ') }))
  if (d.kind === 'invoice' && (d.seller.iban || d.seller.bic)) {
    lines.push(`${L.payTo}: ${d.seller.name}`)
    if (d.seller.iban) lines.push(`${L.iban}: ${d.seller.iban.replace(/(.{4})/g, '$1 ').trim()}`)
    if (d.seller.bic) lines.push(`${L.bic}: ${d.seller.bic}`)
    lines.push(`${L.reference}: ${d.orderNumber} · ${money(d.total ?? 0)}`)
  }
  doc.text(plain(lines.join('\n')), LEFT, y, { width: WIDTH })
}
