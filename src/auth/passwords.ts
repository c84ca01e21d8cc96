/** Passwords are stored as scrypt hashes (memory-hard), with their parameters, never in clear. */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { DomainError } from '../http/errors.ts'

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))))

// 2^15 x 8 x 128 bytes = 32 MiB per hash: slow for a guesser, fine for a login.
const N = 32768, r = 8, p = 1, keylen = 32
const maxmem = 64 * 1024 * 1024

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, keylen, { N, r, p, maxmem })
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, rr, pp, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(rr), p: Number(pp), maxmem })
  return timingSafeEqual(key, expected)
}

/** A hash to compare against when the account does not exist, so both take the same time. */
export const decoyHash = hashPassword(randomBytes(16).toString('hex'))

export function generatePassword(): string {
  return randomBytes(12).toString('base64url')
}

/**
 * A password a person chose: at least 10 characters of which some are not spaces, not one
 * character repeated, and neither the e-mail address nor its name part.
 * (A generated password always passes; `undefined` means one will be generated.)
 */
export function assertPasswordPolicy(password: string | undefined, email: string): void {
  if (password === undefined) return
  const problem = passwordProblem(password, email)
  if (problem) throw new DomainError('weak_password', problem, { errors: [{ path: 'password', message: problem }] })
}

function passwordProblem(password: string, email: string): string | undefined {
  const trimmed = password.trim()
  if ([...trimmed].length < 10) return 'The password needs at least 10 characters besides leading and trailing spaces'
  if (new Set(trimmed.toLowerCase()).size < 4) return 'The password needs at least 4 different characters'
  const lower = trimmed.toLowerCase()
  const address = email.toLowerCase()
  const name = address.split('@')[0]
  if (lower === address || lower.includes(address) || (name.length >= 4 && lower.includes(name) && lower.length - name.length < 6)) {
    return 'The password must not be (or merely extend) the e-mail address'
  }
  return undefined
}
