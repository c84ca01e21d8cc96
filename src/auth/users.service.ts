/** Staff accounts. Passwords are hashed at once; no API answer ever carries a hash. */
import { sql, type Selectable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { UsersTable } from '../db/schema.ts'
import { DomainError } from '../http/errors.ts'
import { isUuid, uuidv7 } from '../shared/ids.ts'
import type { Actor } from './actor.ts'
import { recordAudit } from './audit.ts'
import { generatePassword, hashPassword } from './passwords.ts'
import { assertRoleExists } from './roles.service.ts'
import { revokeUserSessions } from './sessions.ts'

export interface UserInput { email: string; name: string; role: string; shops?: string[]; password?: string }
export interface UserChanges { name?: string; role?: string; shops?: string[]; active?: boolean }

export function userRowToApi(row: Selectable<UsersTable>) {
  return {
    id: row.id, email: row.email, name: row.name, role: row.role, shops: row.shops, active: row.active,
    lastLoginAt: row.last_login_at?.toISOString() ?? null, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  }
}
export type UserApi = ReturnType<typeof userRowToApi>

async function assertShopsExist(db: Database, shops: string[]): Promise<void> {
  if (shops.length === 0) return
  const found = await db.selectFrom('shops').select('code').where('code', 'in', shops).execute()
  const missing = shops.filter((s) => !found.some((f) => f.code === s))
  if (missing.length) throw new DomainError('validation_failed', `No such shops: ${missing.join(', ')}`, { errors: [{ path: 'shops', message: 'unknown shop' }] })
}

/** Creates the account; without a password, one is generated and returned this once. */
export async function createUser(trx: Database, actor: Actor, input: UserInput): Promise<{ user: UserApi; password: string }> {
  await assertRoleExists(trx, input.role)
  await assertShopsExist(trx, input.shops ?? [])
  const exists = await trx.selectFrom('users').select('id').where(sql`lower(email)`, '=', input.email.toLowerCase()).executeTakeFirst()
  if (exists) throw new DomainError('already_exists', `A user with e-mail ${input.email} already exists`)
  const password = input.password ?? generatePassword()
  const row = await trx.insertInto('users').values({
    id: uuidv7(), email: input.email, name: input.name, role: input.role, shops: input.shops ?? [],
    password_hash: await hashPassword(password),
  }).returningAll().executeTakeFirstOrThrow()
  await recordAudit(trx, actor, 'user.created', 'user', row.id, { email: row.email, name: row.name, role: row.role, shops: row.shops })
  return { user: userRowToApi(row), password }
}

export async function updateUser(trx: Database, actor: Actor, id: string, changes: UserChanges): Promise<UserApi> {
  const before = await findUser(trx, id)
  if (changes.role) await assertRoleExists(trx, changes.role)
  if (changes.shops) await assertShopsExist(trx, changes.shops)
  const row = await trx.updateTable('users').set({ ...changes, updated_at: new Date() })
    .where('id', '=', before.id).returningAll().executeTakeFirstOrThrow()
  const diff = Object.fromEntries(Object.keys(changes).map((k) => [k, { from: before[k as keyof typeof before], to: row[k as keyof typeof row] }]))
  await recordAudit(trx, actor, 'user.updated', 'user', id, diff)
  if (changes.active === false) await revokeUserSessions(trx, id)
  return userRowToApi(row)
}

/** Sets a new password (generated when none is given) and ends the user's sessions. */
export async function resetPassword(trx: Database, actor: Actor, id: string, password?: string): Promise<string> {
  const user = await findUser(trx, id)
  const next = password ?? generatePassword()
  await trx.updateTable('users').set({ password_hash: await hashPassword(next), updated_at: new Date() }).where('id', '=', user.id).execute()
  await revokeUserSessions(trx, user.id)
  await recordAudit(trx, actor, 'user.password_reset', 'user', user.id, { email: user.email })
  return next
}

export async function findUser(db: Database, idOrEmail: string): Promise<Selectable<UsersTable>> {
  const query = db.selectFrom('users').selectAll()
  const row = isUuid(idOrEmail)
    ? await query.where('id', '=', idOrEmail).executeTakeFirst()
    : await query.where(sql`lower(email)`, '=', idOrEmail.toLowerCase()).executeTakeFirst()
  if (!row) throw new DomainError('user_not_found', `There is no user "${idOrEmail}"`)
  return row
}

export async function listUsers(db: Database): Promise<UserApi[]> {
  return (await db.selectFrom('users').selectAll().orderBy('name').execute()).map(userRowToApi)
}

export const countUsers = async (db: Database) =>
  Number((await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
