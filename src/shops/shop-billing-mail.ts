/** What e-mails may say about the shop's billing: its legal name and the bank details for a transfer. */
import type { Database } from '../db/database.ts'
import { loadProfile } from './shop-profile.ts'

export async function billingOf(db: Database, shopCode: string): Promise<{ legalName: string | null; bankDetails: string | null; iban: string | null; bic: string | null }> {
  const p = await loadProfile(db, shopCode)
  const iban = p.iban && p.iban.replace(/(.{4})/g, '$1 ').trim()
  const parts = [p.legal_name, iban && `IBAN ${iban}`, p.bic && `BIC ${p.bic}`].filter(Boolean)
  return { legalName: p.legal_name, bankDetails: iban ? parts.join(', ') : null, iban, bic: p.bic }
}
