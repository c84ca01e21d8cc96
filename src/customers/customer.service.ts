/** Customers: the people who order, with their approval and block flags. */
import { sql, type Selectable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { CustomersTable } from '../db/schema.ts'
import { DomainError } from '../http/errors.ts'
import { isUuid, uuidv7 } from '../shared/ids.ts'
import type { CreateCustomerInput, CustomerApi, UpdateCustomerInput } from './customer.schemas.ts'
import { seesShop, type Actor } from '../auth/actor.ts'
import { addHistory } from './customer-profile.ts'
import { recordAudit } from '../auth/audit.ts'

export type CustomerRow = Selectable<CustomersTable>

/** The shops a new customer belongs to: the one named (if the actor sees it), else the actor's own. */
function shopsForNewCustomer(actor: Actor, shop: string | undefined): string[] {
  if (shop !== undefined) {
    if (!seesShop(actor, shop)) throw new DomainError('shop_not_found', `There is no shop "${shop}"`)
    return [shop]
  }
  return actor.shops ? [...actor.shops] : []
}

/** A customer shows to an actor limited to some shops only if they belong to one of them. */
export const customerVisible = (actor: Actor, row: { shops: string[] }) =>
  actor.shops === null || row.shops.some((s) => actor.shops!.includes(s))

export async function createCustomer(trx: Database, actor: Actor, input: CreateCustomerInput): Promise<CustomerApi> {
  const existing = await findCustomerByEmail(trx, input.email)
  if (existing) {
    throw new DomainError('already_exists', `A customer with e-mail ${input.email} already exists`,
      customerVisible(actor, existing) ? { customerId: existing.id } : {})
  }
  const row = await trx.insertInto('customers').values({
    id: uuidv7(),
    email: input.email,
    name: input.name,
    phone: input.phone ?? null,
    requires_approval: input.requiresApproval ?? false,
    blocked: input.blocked ?? false,
    shops: shopsForNewCustomer(actor, input.shop),
  }).returningAll().executeTakeFirstOrThrow()
  return customerRowToApi(row)
}

export async function updateCustomer(trx: Database, actor: Actor, id: string, input: UpdateCustomerInput): Promise<CustomerApi> {
  const before = await lockCustomerFor(actor, trx, id)
  await recordChanges(trx, actor, before, input)
  if (input.email) {
    const other = await findCustomerByEmail(trx, input.email)
    if (other && other.id !== id) throw new DomainError('already_exists', `Another customer has e-mail ${input.email}`)
  }
  const row = await trx.updateTable('customers').set({
    ...(input.email !== undefined && { email: input.email }),
    ...(input.name !== undefined && { name: input.name }),
    ...(input.phone !== undefined && { phone: input.phone }),
    ...(input.requiresApproval !== undefined && { requires_approval: input.requiresApproval }),
    ...(input.blocked !== undefined && { blocked: input.blocked }),
    updated_at: new Date(),
  }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
  const changed = (['email', 'name', 'phone', 'requires_approval', 'blocked'] as const).filter((k) => before[k] !== row[k])
  await recordAudit(trx, actor, 'customer.updated', 'customer', id, Object.fromEntries(changed.map((k) => [k, { from: before[k], to: row[k] }])), row.shops)
  return customerRowToApi(row)
}

/** The customer row, locked for a change, if the actor sees it. */
export async function lockCustomerFor(actor: Actor, trx: Database, id: string): Promise<CustomerRow> {
  const row = isUuid(id) ? await trx.selectFrom('customers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst() : undefined
  if (!row || !customerVisible(actor, row)) throw new DomainError('customer_not_found', `There is no customer "${id}"`)
  return row
}

/** Every changed field goes to the customer's history; a changed flag only with a reason. */
async function recordChanges(trx: Database, actor: Actor, before: CustomerRow, input: UpdateCustomerInput): Promise<void> {
  const flags = [['requiresApproval', 'requires_approval'], ['blocked', 'blocked']] as const
  const changedFlags = flags.filter(([api, column]) => input[api] !== undefined && input[api] !== before[column])
  const reason = input.reason?.trim()
  if (changedFlags.length && !reason) {
    throw new DomainError('reason_required', `Say why ${changedFlags.map(([api]) => api).join(' and ')} changes`,
      { errors: [{ in: 'body', path: 'reason', message: 'required when a flag changes' }] })
  }
  for (const [api, column] of changedFlags) {
    await addHistory(trx, actor, before.id, { type: 'flag', field: api, from_value: String(before[column]), to_value: String(input[api]), reason })
  }
  for (const field of ['email', 'name', 'phone'] as const) {
    if (input[field] !== undefined && input[field] !== before[field]) {
      await addHistory(trx, actor, before.id, { type: 'edit', field, from_value: before[field], to_value: input[field] ?? null })
    }
  }
}

export async function findCustomerFor(actor: Actor, db: Database, id: string): Promise<CustomerRow> {
  const row = await findCustomer(db, id)
  if (!customerVisible(actor, row)) throw new DomainError('customer_not_found', `There is no customer "${id}"`)
  return row
}

export async function findCustomer(db: Database, id: string): Promise<CustomerRow> {
  const row = isUuid(id) ? await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst() : undefined
  if (!row) {
    // A merged duplicate says where its orders went.
    const merged = isUuid(id) ? await db.selectFrom('customer_merges').select('survivor_id').where('merged_id', '=', id).executeTakeFirst() : undefined
    throw new DomainError('customer_not_found', `There is no customer "${id}"`, merged ? { mergedInto: merged.survivor_id } : {})
  }
  return row
}

export function findCustomerByEmail(db: Database, email: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst()
}

/** Counts the shop among the customer's shops, once. */
export async function addCustomerShop(trx: Database, customerId: string, shop: string): Promise<void> {
  await trx.updateTable('customers').set({ shops: sql`array_append(shops, ${shop})` })
    .where('id', '=', customerId).where(sql<boolean>`not (${shop} = any(shops))`).execute()
}

/**
 * The customer of a guest order: the one with this e-mail, or a new one. Concurrent
 * orders of the same new guest end up with one customer (the unique index decides).
 */
export async function findOrCreateGuest(trx: Database, guest: { email: string; name: string; phone?: string }): Promise<{ row: CustomerRow; created: boolean }> {
  const existing = await findCustomerByEmail(trx, guest.email)
  if (existing) return { row: existing, created: false }
  const created = await trx.insertInto('customers')
    .values({ id: uuidv7(), email: guest.email, name: guest.name, phone: guest.phone ?? null })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returningAll().executeTakeFirst()
  return created ? { row: created, created: true } : { row: (await findCustomerByEmail(trx, guest.email))!, created: false }
}

export function customerRowToApi(row: CustomerRow): CustomerApi {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    requiresApproval: row.requires_approval,
    blocked: row.blocked,
    shops: row.shops,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}
