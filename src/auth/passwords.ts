/** Passwords are stored as scrypt hashes (memory-hard), with their parameters, never in clear. */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'

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
