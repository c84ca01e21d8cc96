/**
 * A voucher as a printable A5 landscape PDF: the shop's layout (title, colours, closing
 * line) and logo (from its billing settings), the value, the recipient and message, the
 * code in large type and as a QR code.
 */
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import type { Database } from '../db/database.ts'
import { formatAmount } from '../payments/payment.service.ts'
import { loadSellerProfile } from '../shops/shop-profile.ts'
import type { VoucherRow } from './voucher.repo.ts'

export interface VoucherLayout { accentColor: string; backgroundColor: string; title: string; footer: string }

export const defaultVoucherLayout: VoucherLayout = { accentColor: '#1f4e79', backgroundColor: '#f4f7fb', title: 'Gift voucher', footer: '' }

export async function layoutOfShop(db: Database, shopCode: string): Promise<VoucherLayout> {
  const row = await db.selectFrom('voucher_layouts').selectAll().where('shop_code', '=', shopCode).executeTakeFirst()
  if (!row) return defaultVoucherLayout
  return { accentColor: row.accent_color, backgroundColor: row.background_color, title: row.title, footer: row.footer }
}

export async function voucherPdf(db: Database, v: VoucherRow): Promise<Buffer> {
  const layout = await layoutOfShop(db, v.shop_code)
  const { profile, shopName } = await loadSellerProfile(db, v.shop_code)
  const qr = await QRCode.toBuffer(v.code, { type: 'png', margin: 1, width: 360, errorCorrectionLevel: 'M' })
  return render(v, shopName, layout, qr, profile.logo)
}

function render(v: VoucherRow, shopName: string, layout: VoucherLayout, qr: Buffer, logo: string | null): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A5', layout: 'landscape', margin: 36, info: { Title: `${layout.title} ${v.code}`, Author: shopName } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => { doc.on('end', () => resolve(Buffer.concat(chunks))); doc.on('error', reject) })
  const { width, height } = doc.page
  const modern = v.layout === 'modern'
  const minimal = v.layout === 'minimal'

  if (!minimal) doc.rect(0, 0, width, height).fill(layout.backgroundColor)
  doc.rect(0, 0, modern ? 150 : width, modern ? height : 70).fill(layout.accentColor)
  const left = modern ? 180 : 40
  doc.fillColor(modern ? layout.accentColor : '#ffffff').font('Helvetica-Bold').fontSize(24)
    .text(shopName, modern ? left : 40, modern ? 40 : 22, { width: width - left - 40 })
  doc.fillColor('#222222').font('Helvetica-Bold').fontSize(30).text(layout.title, left, modern ? 80 : 100)
  doc.font('Helvetica-Bold').fontSize(40).fillColor(layout.accentColor).text(formatAmount(v.value, v.currency), left, doc.y + 6)
  doc.fillColor('#222222').font('Helvetica').fontSize(13)
  if (v.recipient) doc.text(`For ${v.recipient}`, left, doc.y + 10)
  if (v.message) doc.font('Helvetica-Oblique').text(v.message, left, doc.y + 4, { width: width - left - 200 })
  doc.font('Courier-Bold').fontSize(20).fillColor('#000000').text(v.code, left, height - 120)
  doc.font('Helvetica').fontSize(10).fillColor('#444444')
    .text(v.expires_at ? `Valid until ${v.expires_at.toISOString().slice(0, 10)}` : 'No expiry date', left, doc.y + 4)
  if (layout.footer) doc.text(layout.footer, left, doc.y + 4, { width: width - left - 200 })
  doc.image(qr, width - 170, height - 190, { width: 130 })
  // The logo on a white card, so it reads on any accent colour: top right, or low in the modern side band.
  if (logo) {
    const [x, y] = modern ? [15, height - 85] : [width - 170, 8]
    doc.roundedRect(x, y, 130, 54, 6).fill('#ffffff')
    try { doc.image(Buffer.from(logo.split(',')[1], 'base64'), x + 5, y + 4, { fit: [120, 46], align: 'center', valign: 'center' }) } catch { /* an unreadable logo is left out */ }
  }
  doc.end()
  return done
}
