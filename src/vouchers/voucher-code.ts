/**
 * Voucher codes: 16 characters from an alphabet without the look-alikes 0/O and 1/I/L
 * (80 bits from the system's CSPRNG, so not guessable), shown in groups of four:
 * `K7QD-3MXT-9HPA-RWZE`. A code typed in lower case, with spaces or without dashes is
 * the same code.
 */
import { randomInt } from 'node:crypto'

export const codeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
const groups = 4
const groupSize = 4

export function newVoucherCode(): string {
  const chars = Array.from({ length: groups * groupSize }, () => codeAlphabet[randomInt(codeAlphabet.length)])
  return grouped(chars.join(''))
}

/** The stored form of what someone typed, or undefined when it cannot be a code. */
export function normaliseVoucherCode(input: string): string | undefined {
  const bare = input.toUpperCase().replace(/[\s-]/g, '')
  if (bare.length !== groups * groupSize) return undefined
  if ([...bare].some((c) => !codeAlphabet.includes(c))) return undefined
  return grouped(bare)
}

const grouped = (bare: string) => bare.match(new RegExp(`.{${groupSize}}`, 'g'))!.join('-')
