/**
 * Licence keys from a product's format: `X` is a random letter or digit (no look-alikes),
 * `#` a random digit, anything else is kept, e.g. `ORDO-XXXX-XXXX-####`.
 */
import { randomInt } from 'node:crypto'
import { codeAlphabet } from '../vouchers/voucher-code.ts'

export const defaultKeyFormat = 'XXXXX-XXXXX-XXXXX-XXXXX'
const digits = '23456789'

export function newLicenceKey(format: string): string {
  return [...format].map((c) => (c === 'X' ? codeAlphabet[randomInt(codeAlphabet.length)] : c === '#' ? digits[randomInt(digits.length)] : c)).join('')
}

/** Why a format is not usable (too few random characters to be unguessable), or undefined. */
export function keyFormatProblem(format: string): string | undefined {
  const random = [...format].filter((c) => c === 'X' || c === '#').length
  if (random < 12) return 'needs at least 12 random characters (X or #)'
  if (format.length > 64) return 'is longer than 64 characters'
  return undefined
}
