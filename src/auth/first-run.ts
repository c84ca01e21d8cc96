/** The first administrator: on a database without staff, Ordo makes one and shows its login once. */
import type { Database } from '../db/database.ts'
import { systemActor } from './actor.ts'
import { countUsers, createUser } from './users.service.ts'

export interface FirstLogin { email: string; password: string }

export async function ensureFirstAdministrator(db: Database, email = 'admin@ordo.local'): Promise<FirstLogin | undefined> {
  if (await countUsers(db) > 0) return undefined
  const { password } = await db.transaction().execute((trx) =>
    createUser(trx, systemActor('first-run'), { email, name: 'Administrator', role: 'administrator' }))
  return { email, password }
}

export function firstLoginBanner(login: FirstLogin, url: string): string {
  const line = '='.repeat(78)
  return [
    '', line,
    '  Ordo made the first administrator. The password is shown only this once:',
    '',
    `    e-mail:    ${login.email}`,
    `    password:  ${login.password}`,
    '',
    `  Log in at ${url} ; change it with: npx ordo user reset-password --email ${login.email}`,
    line, '',
  ].join('\n')
}
