/** Administration: staff accounts, roles, API tokens and the audit log. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { Code, Id, ListOf, responses, Text } from '../http/schemas.ts'
import { listAudit } from './audit.ts'
import { permissions } from './permissions.ts'
import { createRole, listRoles, updateRole } from './roles.service.ts'
import { createApiToken, listApiTokens, revokeApiToken } from './tokens.ts'
import { createUser, findVisibleUser, listUsers, resetPassword, updateUser, userRowToApi } from './users.service.ts'

const Shops = Type.Array(Code, { maxItems: 100, description: 'Only these shops; empty or absent for every shop' })
const Password = Type.String({ minLength: 10, maxLength: 200 })
const User = Type.Object({
  id: Type.String(), email: Type.String(), name: Type.String(), role: Type.String(), shops: Type.Array(Type.String()),
  active: Type.Boolean(), lastLoginAt: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(), updatedAt: Type.String(),
})
const Role = Type.Object({ code: Type.String(), name: Type.String(), permissions: Type.Array(Type.String()), builtIn: Type.Boolean() })
const Token = Type.Object({
  id: Type.String(), name: Type.String(), role: Type.String(), shops: Type.Array(Type.String()), createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(), lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]), revokedAt: Type.Union([Type.String(), Type.Null()]),
})

export function adminRoutes(app: FastifyInstance, { db }: AppContext): void {
  const users = { tags: ['Staff'] }
  app.get('/users', { config: { permission: 'users.manage' }, schema: { ...users, summary: 'Staff accounts', response: responses({ 200: ListOf(User) }) } },
    async (req) => ({ items: await listUsers(db, req.actor) }))

  app.post<{ Body: { email: string; name: string; role: string; shops?: string[]; password?: string } }>('/users', {
    config: { permission: 'users.manage' },
    schema: {
      ...users, summary: 'Add a staff account; without a password one is generated and shown once',
      body: Type.Object({ email: Type.String({ format: 'email', maxLength: 254 }), name: Text(), role: Code, shops: Type.Optional(Shops), password: Type.Optional(Password) }, { additionalProperties: false }),
      response: responses({ 201: Type.Object({ user: User, password: Type.String() }) }),
    },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => createUser(trx, req.actor, req.body))))

  app.get<{ Params: { id: string } }>('/users/:id', {
    config: { permission: 'users.manage' },
    schema: { ...users, summary: 'A staff account', params: Type.Object({ id: Id }), response: responses({ 200: User }) },
  }, async (req) => userRowToApi(await findVisibleUser(db, req.actor, req.params.id)))

  app.patch<{ Params: { id: string }; Body: { name?: string; role?: string; shops?: string[]; active?: boolean } }>('/users/:id', {
    config: { permission: 'users.manage' },
    schema: {
      ...users, summary: "Change a staff account's name, role, shops or active flag", params: Type.Object({ id: Id }),
      body: Type.Object({ name: Type.Optional(Text()), role: Type.Optional(Code), shops: Type.Optional(Shops), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: responses({ 200: User }),
    },
  }, async (req) => inTransaction(db, (trx) => updateUser(trx, req.actor, req.params.id, req.body)))

  app.post<{ Params: { id: string }; Body: { password?: string } }>('/users/:id/reset-password', {
    config: { permission: 'users.manage' },
    schema: {
      ...users, summary: 'Set a new password (generated when none is given) and end the user\'s sessions', params: Type.Object({ id: Id }),
      body: Type.Optional(Type.Object({ password: Type.Optional(Password) }, { additionalProperties: false })),
      response: responses({ 200: Type.Object({ password: Type.String() }) }),
    },
  }, async (req) => ({ password: await inTransaction(db, (trx) => resetPassword(trx, req.actor, req.params.id, req.body?.password)) }))

  const roles = { tags: ['Roles'] }
  app.get('/permissions', {
    config: { permission: 'roles.manage' },
    schema: { ...roles, summary: 'Every permission a role can hold', response: responses({ 200: ListOf(Type.Object({ code: Type.String(), description: Type.String() })) }) },
  }, async () => ({ items: Object.entries(permissions).map(([code, description]) => ({ code, description })) }))

  app.get('/roles', { config: { permission: 'roles.manage' }, schema: { ...roles, summary: 'Roles', response: responses({ 200: ListOf(Role) }) } },
    async () => ({ items: await listRoles(db) }))

  app.post<{ Body: { code: string; name: string; permissions: string[] } }>('/roles', {
    config: { permission: 'roles.manage' },
    schema: {
      ...roles, summary: 'Make a custom role from permissions',
      body: Type.Object({ code: Code, name: Text(), permissions: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 }) }, { additionalProperties: false }),
      response: responses({ 201: Role }),
    },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => createRole(trx, req.actor, req.body))))

  app.patch<{ Params: { code: string }; Body: { name?: string; permissions?: string[] } }>('/roles/:code', {
    config: { permission: 'roles.manage' },
    schema: {
      ...roles, summary: 'Change a custom role', params: Type.Object({ code: Code }),
      body: Type.Object({ name: Type.Optional(Text()), permissions: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })) }, { additionalProperties: false }),
      response: responses({ 200: Role, 403: Type.Any() }),
    },
  }, async (req) => inTransaction(db, (trx) => updateRole(trx, req.actor, req.params.code, req.body)))

  const tokens = { tags: ['API tokens'] }
  app.get('/tokens', { config: { permission: 'tokens.manage' }, schema: { ...tokens, summary: 'API tokens (never their secret)', response: responses({ 200: ListOf(Token) }) } },
    async (req) => ({ items: await listApiTokens(db, req.actor) }))

  app.post<{ Body: { name: string; role?: string; shops?: string[]; expiresAt?: string } }>('/tokens', {
    config: { permission: 'tokens.manage' },
    schema: {
      ...tokens, summary: 'Make an API token for an integration; its secret is shown this once',
      body: Type.Object({ name: Text(100), role: Type.Optional(Code), shops: Type.Optional(Shops), expiresAt: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
      response: responses({ 201: Type.Object({ id: Type.String(), name: Type.String(), role: Type.String(), shops: Type.Array(Type.String()), token: Type.String(), expiresAt: Type.Union([Type.String(), Type.Null()]) }) }),
    },
  }, async (req, reply) => {
    const { shops, expiresAt, ...rest } = req.body
    const created = await inTransaction(db, (trx) => createApiToken(trx, { ...rest, shops, expiresAt: expiresAt ? new Date(expiresAt) : null }, req.actor))
    return reply.status(201).send(created)
  })

  app.delete<{ Params: { id: string } }>('/tokens/:id', {
    config: { permission: 'tokens.manage' },
    schema: { ...tokens, summary: 'Revoke a token: it stops working at once', params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: responses({ 204: Type.Null() }) },
  }, async (req, reply) => {
    await inTransaction(db, (trx) => revokeApiToken(trx, req.actor, req.params.id))
    return reply.status(204).send()
  })

  app.get<{ Querystring: { limit?: number; before?: number } }>('/audit', {
    config: { permission: 'audit.read' },
    schema: {
      tags: ['Audit'], summary: 'Administrative actions, newest first',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })), before: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
      response: responses({ 200: Type.Object({ items: Type.Array(Type.Any()), nextBefore: Type.Union([Type.Integer(), Type.Null()]) }) }),
    },
  }, async (req) => listAudit(db, req.actor, { limit: req.query.limit ?? 100, before: req.query.before }))
}
