/** Voucher lines whose value the customer chose (A20): priced at that value, within the product's bounds. */
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'

interface PricedLine { sku: string; kind: string; unitPrice: number; quantity: number }

/** At most this many vouchers or licence keys per order line: each is a row, a code and a PDF. */
export const maxIssuedPerLine = 500

export async function applyChosenValues<T extends PricedLine>(trx: Database, lines: T[], input: { value?: number }[]): Promise<T[]> {
  const tooMany = lines.map((l, i) => ({ l, i })).filter(({ l }) => (l.kind === 'voucher' || l.kind === 'licence') && l.quantity > maxIssuedPerLine)
  if (tooMany.length) {
    throw new DomainError('validation_failed', `At most ${maxIssuedPerLine} vouchers or licences per line`,
      { errors: tooMany.map(({ i }) => ({ path: `lines/${i}/quantity`, message: `at most ${maxIssuedPerLine} for a voucher or licence` })) })
  }
  const chosen = input.map((l, i) => ({ i, value: l.value })).filter((x): x is { i: number; value: number } => x.value !== undefined)
  if (chosen.length === 0) return lines
  const skus = [...new Set(chosen.map((c) => lines[c.i].sku))]
  const settings = await trx.selectFrom('product_issue_settings').select(['sku', 'voucher_min_value', 'voucher_max_value']).where('sku', 'in', skus).execute()
  const errors: { path: string; message: string }[] = []
  for (const { i, value } of chosen) {
    const line = lines[i]
    const s = settings.find((x) => x.sku === line.sku)
    if (line.kind !== 'voucher' || !s?.voucher_min_value || !s.voucher_max_value) {
      errors.push({ path: `lines/${i}/value`, message: `${line.sku} has a fixed price` })
    } else if (value < s.voucher_min_value || value > s.voucher_max_value) {
      errors.push({ path: `lines/${i}/value`, message: `must be between ${s.voucher_min_value} and ${s.voucher_max_value}` })
    } else {
      line.unitPrice = value
    }
  }
  if (errors.length) throw new DomainError('validation_failed', `A voucher value cannot be chosen: ${errors.map((e) => e.message).join('; ')}`, { errors })
  return lines
}
