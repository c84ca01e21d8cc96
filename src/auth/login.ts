/**
 * Logging in. A failure says only that the e-mail and password do not match, whether or
 * not the account exists, and takes as long either way. Attempts are counted per
 * account and per address before the password is checked, under a lock, so parallel
 * guesses cannot slip past the limit; a success clears the account's count.
 */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { decoyHash, verifyPassword } from './passwords.ts'
import { createSession, type NewSession } from './sessions.ts'

const WINDOW_MS = 15 * 60_000
const PER_ACCOUNT = 5
const PER_ADDRESS = 20

export interface LoggedIn { session: NewSession; userId: string }

export async function login(db: Database, email: string, password: string, meta: { ip: string; userAgent?: string }): Promise<LoggedIn> {
  await countAttempt(db, email, meta.ip)
  const user = await db.selectFrom('users').select(['id', 'password_hash', 'active'])
    .where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst()
  const matches = await verifyPassword(password, user?.password_hash ?? await decoyHash)
  if (!user || !matches || !user.active) {
    throw new DomainError('unauthorized', 'The e-mail and password do not match an active account')
  }
  await db.deleteFrom('login_failures').where('email', '=', email.toLowerCase()).execute()
  await db.updateTable('users').set({ last_login_at: new Date() }).where('id', '=', user.id).execute()
  return { session: await createSession(db, user.id, meta), userId: user.id }
}

/** Records this attempt, or refuses it when the account or address has used up its attempts. */
async function countAttempt(db: Database, email: string, ip: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Attempts for one account (and one address) queue here just long enough to count.
    await sql`select pg_advisory_xact_lock(1, hashtext(${email.toLowerCase()})), pg_advisory_xact_lock(2, hashtext(${ip}))`.execute(trx)
    await refuseWhenTooManyAttempts(trx, email, ip)
    await trx.insertInto('login_failures').values({ email: email.toLowerCase(), ip }).execute()
  })
}

async function refuseWhenTooManyAttempts(db: Database, email: string, ip: string): Promise<void> {
  const since = new Date(Date.now() - WINDOW_MS)
  const row = await db.selectFrom('login_failures')
    .select([
      sql<number>`count(*) filter (where email = ${email.toLowerCase()})`.as('account'),
      sql<number>`count(*) filter (where ip = ${ip})`.as('address'),
    ])
    .where('at', '>', since)
    .where((eb) => eb.or([eb('email', '=', email.toLowerCase()), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow()
  if (Number(row.account) >= PER_ACCOUNT || Number(row.address) >= PER_ADDRESS) {
    throw new DomainError('too_many_attempts', 'Too many failed logins; wait a few minutes and try again', { retryAfterSeconds: WINDOW_MS / 1000 })
  }
}
