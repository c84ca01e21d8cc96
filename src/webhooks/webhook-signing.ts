/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the receiver recomputes
 * HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<body>" with the secret and compares;
 * the id lets it drop a delivery it has already seen.
 */
import { createHmac, randomBytes } from 'node:crypto'

const prefix = 'whsec_'

/** A new secret, shown to the shop once: "whsec_" and 24 random bytes in base64. */
export const newSecret = () => `${prefix}${randomBytes(24).toString('base64')}`

const keyOf = (secret: string) => Buffer.from(secret.startsWith(prefix) ? secret.slice(prefix.length) : secret, 'base64')

/** "v1,<base64 signature>" */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`
}

export function signedHeaders(secret: string, id: string, body: string, now = new Date()) {
  const timestamp = Math.floor(now.getTime() / 1000)
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(secret, id, timestamp, body),
  }
}
