/** Staff accounts. Passwords are hashed at once; no API answer ever carries a hash. */
import { sql, type Selectable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { UsersTable } from '../db/schema.ts'
import { DomainError } from '../http/errors.ts'
import { isUuid, uuidv7 } from '../shared/ids.ts'
import type { Actor } from './actor.ts'
import { recordAudit } from './audit.ts'
import { assertPasswordPolicy, generatePassword, hashPassword } from './passwords.ts'
import { assertRoleExists } from './roles.service.ts'
import { assertHoldsRole, assertNotOwnAccess, assertShopsExist, grantableShops, mayManage, withinScope } from './grants.ts'
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

/** Creates the account; without a password, one is generated and returned this once. */
export async function createUser(trx: Database, actor: Actor, input: UserInput): Promise<{ user: UserApi; password: string }> {
  await assertRoleExists(trx, input.role)
  await assertHoldsRole(trx, actor, input.role)
  const shops = grantableShops(actor, input.shops)
  await assertShopsExist(trx, shops)
  assertPasswordPolicy(input.password, input.email)
  const exists = await trx.selectFrom('users').select('id').where(sql`lower(email)`, '=', input.email.toLowerCase()).executeTakeFirst()
  if (exists) throw new DomainError('already_exists', `A user with e-mail ${input.email} already exists`)
  const password = input.password ?? generatePassword()
  const row = await trx.insertInto('users').values({
    id: uuidv7(), email: input.email, name: input.name, role: input.role, shops,
    password_hash: await hashPassword(password),
  }).returningAll().executeTakeFirstOrThrow()
  await recordAudit(trx, actor, 'user.created', 'user', row.id, { email: row.email, name: row.name, role: row.role, shops: row.shops }, row.shops)
  return { user: userRowToApi(row), password }
}

export async function updateUser(trx: Database, actor: Actor, id: string, input: UserChanges): Promise<UserApi> {
  const before = await findManagedUser(trx, actor, id)
  assertNotOwnAccess(actor, before.id, input)
  const changes = { ...input, ...(input.shops !== undefined ? { shops: grantableShops(actor, input.shops) } : {}) }
  if (changes.role) {
    await assertRoleExists(trx, changes.role)
    await assertHoldsRole(trx, actor, changes.role)
  }
  if (changes.shops) await assertShopsExist(trx, changes.shops)
  const row = await trx.updateTable('users').set({ ...changes, updated_at: new Date() })
    .where('id', '=', before.id).returningAll().executeTakeFirstOrThrow()
  const diff = Object.fromEntries(Object.keys(changes).map((k) => [k, { from: before[k as keyof typeof before], to: row[k as keyof typeof row] }]))
  await recordAudit(trx, actor, 'user.updated', 'user', id, diff, [...new Set([...before.shops, ...row.shops])])
  if (changes.active === false) await revokeUserSessions(trx, id)
  return userRowToApi(row)
}

/** Sets a new password (generated when none is given) and ends the user's sessions. */
export async function resetPassword(trx: Database, actor: Actor, id: string, password?: string): Promise<string> {
  const user = await findManagedUser(trx, actor, id)
  assertPasswordPolicy(password, user.email)
  const next = password ?? generatePassword()
  await trx.updateTable('users').set({ password_hash: await hashPassword(next), updated_at: new Date() }).where('id', '=', user.id).execute()
  await revokeUserSessions(trx, user.id)
  await recordAudit(trx, actor, 'user.password_reset', 'user', user.id, { email: user.email }, user.shops)
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

/** A user the actor may see (404 otherwise); changing it also needs `mayManage`. */
export async function findVisibleUser(db: Database, actor: Actor, id: string): Promise<Selectable<UsersTable>> {
  const row = await findUser(db, id)
  if (!withinScope(actor, row.shops)) throw new DomainError('user_not_found', `There is no user "${id}"`)
  return row
}

async function findManagedUser(db: Database, actor: Actor, id: string): Promise<Selectable<UsersTable>> {
  const row = await findVisibleUser(db, actor, id)
  if (!await mayManage(db, actor, row)) {
    throw new DomainError('grant_exceeds_own', `${row.email} holds permissions you do not: only someone who holds them may change this account`)
  }
  return row
}

/** The accounts the actor may see: a shop-limited actor sees those limited to its shops. */
export async function listUsers(db: Database, actor: Actor): Promise<UserApi[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('name').execute()
  return rows.filter((r) => withinScope(actor, r.shops)).map(userRowToApi)
}

export const countUsers = async (db: Database) =>
  Number((await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
