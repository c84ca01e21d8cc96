/** Customers: the people who order, with their approval and block flags. */
import { sql, type Selectable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { CustomersTable } from '../db/schema.ts'
import { DomainError } from '../http/errors.ts'
import { isUuid, uuidv7 } from '../shared/ids.ts'
import type { CreateCustomerInput, CustomerApi, UpdateCustomerInput } from './customer.schemas.ts'

export type CustomerRow = Selectable<CustomersTable>

export async function createCustomer(trx: Database, input: CreateCustomerInput): Promise<CustomerApi> {
  const existing = await findCustomerByEmail(trx, input.email)
  if (existing) throw new DomainError('already_exists', `A customer with e-mail ${input.email} already exists`, { customerId: existing.id })
  const row = await trx.insertInto('customers').values({
    id: uuidv7(),
    email: input.email,
    name: input.name,
    phone: input.phone ?? null,
    requires_approval: input.requiresApproval ?? false,
    blocked: input.blocked ?? false,
  }).returningAll().executeTakeFirstOrThrow()
  return customerRowToApi(row)
}

export async function updateCustomer(trx: Database, id: string, input: UpdateCustomerInput): Promise<CustomerApi> {
  await findCustomer(trx, id)
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
  return customerRowToApi(row)
}

export async function findCustomer(db: Database, id: string): Promise<CustomerRow> {
  const row = isUuid(id) ? await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst() : undefined
  if (!row) throw new DomainError('customer_not_found', `There is no customer "${id}"`)
  return row
}

export function findCustomerByEmail(db: Database, email: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where(sql`lower(email)`, '=', email.toLowerCase()).executeTakeFirst()
}

/**
 * The customer of a guest order: the one with this e-mail, or a new one. Concurrent
 * orders of the same new guest end up with one customer (the unique index decides).
 */
export async function findOrCreateGuest(trx: Database, guest: { email: string; name: string; phone?: string }): Promise<CustomerRow> {
  const existing = await findCustomerByEmail(trx, guest.email)
  if (existing) return existing
  const created = await trx.insertInto('customers')
    .values({ id: uuidv7(), email: guest.email, name: guest.name, phone: guest.phone ?? null })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returningAll().executeTakeFirst()
  return created ?? (await findCustomerByEmail(trx, guest.email))!
}

export async function listCustomers(db: Database, q: string | undefined, limit: number): Promise<CustomerApi[]> {
  let query = db.selectFrom('customers').selectAll().orderBy('name').orderBy('id').limit(limit)
  if (q) {
    const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) => eb.or([eb(sql`lower(email)`, 'like', like), eb(sql`lower(name)`, 'like', like)]))
  }
  return (await query.execute()).map(customerRowToApi)
}

export function customerRowToApi(row: CustomerRow): CustomerApi {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    requiresApproval: row.requires_approval,
    blocked: row.blocked,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}
