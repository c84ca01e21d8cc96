/** Roles: named sets of permissions. The built-in ones follow the code; custom ones are the shop's own. */
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { builtInRoles, isPermission, type Permission } from './permissions.ts'
import { recordAudit } from './audit.ts'
import type { Actor } from './actor.ts'
import { assertHoldsPermissions, withinScope } from './grants.ts'

export interface RoleApi { code: string; name: string; permissions: string[]; builtIn: boolean }

/** Brings the built-in roles in line with the code: run at every start, after migrations. */
export async function syncBuiltInRoles(db: Database): Promise<void> {
  for (const [code, role] of Object.entries(builtInRoles)) {
    await db.insertInto('roles')
      .values({ code, name: role.name, permissions: role.permissions, built_in: true })
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: role.name, permissions: role.permissions, built_in: true, updated_at: new Date() }))
      .execute()
  }
}

export async function permissionsOfRole(db: Database, code: string): Promise<Set<Permission>> {
  const row = await db.selectFrom('roles').select('permissions').where('code', '=', code).executeTakeFirst()
  return new Set((row?.permissions ?? []).filter(isPermission))
}

export async function listRoles(db: Database): Promise<RoleApi[]> {
  const rows = await db.selectFrom('roles').selectAll().orderBy('built_in', 'desc').orderBy('code').execute()
  return rows.map((r) => ({ code: r.code, name: r.name, permissions: r.permissions, builtIn: r.built_in }))
}

export async function assertRoleExists(db: Database, code: string): Promise<void> {
  const row = await db.selectFrom('roles').select('code').where('code', '=', code).executeTakeFirst()
  if (!row) throw new DomainError('validation_failed', `There is no role "${code}"`, { errors: [{ path: 'role', message: 'unknown role' }] })
}

function checkPermissions(list: string[]): void {
  const unknown = list.filter((p) => !isPermission(p))
  if (unknown.length) throw new DomainError('validation_failed', `Unknown permissions: ${unknown.join(', ')}`, { errors: [{ path: 'permissions', message: 'unknown permission' }] })
}

export async function createRole(trx: Database, actor: Actor, input: { code: string; name: string; permissions: string[] }): Promise<RoleApi> {
  checkPermissions(input.permissions)
  assertHoldsPermissions(actor, input.permissions)
  const exists = await trx.selectFrom('roles').select('code').where('code', '=', input.code).executeTakeFirst()
  if (exists) throw new DomainError('already_exists', `A role "${input.code}" already exists`)
  const permissions = [...new Set(input.permissions)]
  await trx.insertInto('roles').values({ code: input.code, name: input.name, permissions }).execute()
  await recordAudit(trx, actor, 'role.created', 'role', input.code, { name: input.name, permissions })
  return { code: input.code, name: input.name, permissions, builtIn: false }
}

export async function updateRole(trx: Database, actor: Actor, code: string, input: { name?: string; permissions?: string[] }): Promise<RoleApi> {
  const row = await trx.selectFrom('roles').selectAll().where('code', '=', code).forUpdate().executeTakeFirst()
  if (!row) throw new DomainError('role_not_found', `There is no role "${code}"`)
  if (row.built_in) throw new DomainError('forbidden', 'Built-in roles cannot be changed; make a custom role instead')
  if (actor.role === code) throw new DomainError('own_access_change', 'Ask another administrator to change the role you hold yourself')
  if (input.permissions) checkPermissions(input.permissions)
  // Changing a role changes every holder's access: only within what the actor holds and sees.
  assertHoldsPermissions(actor, [...row.permissions, ...(input.permissions ?? [])])
  await assertHoldersWithinScope(trx, actor, code)
  const permissions = input.permissions ? [...new Set(input.permissions)] : row.permissions
  const name = input.name ?? row.name
  await trx.updateTable('roles').set({ name, permissions, updated_at: new Date() }).where('code', '=', code).execute()
  await recordAudit(trx, actor, 'role.updated', 'role', code, {
    name: { from: row.name, to: name }, permissions: { from: row.permissions, to: permissions },
  })
  return { code, name, permissions, builtIn: false }
}

/** A shop-limited actor changes only roles held by nobody outside its shops. */
async function assertHoldersWithinScope(db: Database, actor: Actor, code: string): Promise<void> {
  if (actor.shops === null) return
  const holders = [
    ...await db.selectFrom('users').select('shops').where('role', '=', code).execute(),
    ...await db.selectFrom('api_tokens').select('shops').where('role', '=', code).where('revoked_at', 'is', null).execute(),
  ]
  if (holders.some((h) => !withinScope(actor, h.shops))) {
    throw new DomainError('grant_exceeds_own', `Staff or tokens outside your shops hold the role "${code}"; ask an administrator of every shop`)
  }
}
