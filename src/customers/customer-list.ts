/**
 * The customer list (A28): searched by part of the name or e-mail, or a phone number in any
 * notation; filtered by tag and flags; sorted by name and paged on (name, id), so every
 * customer can be reached, not only the first 500.
 */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { isUuid } from '../shared/ids.ts'
import type { Actor } from '../auth/actor.ts'
import { customerPhoneDigits } from '../db/indexed-expressions.ts'
import { COUNT_CAP } from '../orders/search.ts'
import { phoneDigits } from '../orders/order-filters.ts'
import { customerRowToApi } from './customer.service.ts'
import { statsOf, tagsOf } from './customer-profile.ts'
import type { CustomerApi } from './customer.schemas.ts'

export interface CustomerQuery { q?: string; tag?: string; blocked?: boolean; requiresApproval?: boolean; limit?: number; cursor?: string }

export interface CustomerPage { items: CustomerApi[]; nextCursor: string | null; count: number | null; countIsExact: boolean }

const contains = (text: string) => `%${text.trim().toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`

function filtered(db: Database, actor: Actor, query: CustomerQuery) {
  const q = query.q?.trim()
  const phone = q ? phoneDigits(q) : undefined
  return db.selectFrom('customers')
    .$if(actor.shops !== null, (qb) => qb.where(sql<boolean>`shops && ${sql.val([...actor.shops!])}::text[]`))
    .$if(!!q, (qb) => qb.where((eb) => eb.or([
      eb(sql`lower(email)`, 'like', contains(q!)),
      eb(sql`lower(name)`, 'like', contains(q!)),
      ...(phone ? [eb(sql.raw(`(${customerPhoneDigits})`), 'like', `%${phone}%`)] : []),
    ])))
    .$if(!!query.tag, (qb) => qb.where('id', 'in', db.selectFrom('customer_tags').select('customer_id').where('tag', '=', query.tag!.trim().toLowerCase())))
    .$if(query.blocked !== undefined, (qb) => qb.where('blocked', '=', query.blocked!))
    .$if(query.requiresApproval !== undefined, (qb) => qb.where('requires_approval', '=', query.requiresApproval!))
}

export async function listCustomers(db: Database, actor: Actor, query: CustomerQuery): Promise<CustomerPage> {
  const limit = query.limit ?? 50
  const after = query.cursor ? decodeCursor(query.cursor) : undefined
  const [rows, count] = await Promise.all([
    filtered(db, actor, query).selectAll()
      .$if(after !== undefined, (qb) => qb.where(sql<boolean>`(name, id) > (${after!.name}, ${after!.id}::uuid)`))
      .orderBy('name').orderBy('id').limit(limit + 1).execute(),
    after ? null : db.selectFrom(filtered(db, actor, query).select(sql`1`.as('one')).limit(COUNT_CAP + 1).as('m'))
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n)),
  ])
  const page = rows.slice(0, limit)
  const ids = page.map((r) => r.id)
  const [stats, tags, erased] = await Promise.all([statsOf(db, ids, actor.shops), tagsOf(db, ids), erasedAt(db, ids)])
  const last = page.at(-1)
  return {
    items: page.map((r) => ({ ...customerRowToApi(r), tags: tags.get(r.id)!, ...stats.get(r.id)!, erasedAt: erased.get(r.id) ?? null })),
    nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([last.name, last.id])).toString('base64url') : null,
    count: count === null ? null : Math.min(count, COUNT_CAP),
    countIsExact: count !== null && count <= COUNT_CAP,
  }
}

export async function erasedAt(db: Database, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('customer_erasures').select(['customer_id', 'at']).where('customer_id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.customer_id, r.at.toISOString()]))
}

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown]
    if (typeof name !== 'string' || typeof id !== 'string' || !isUuid(id)) throw new Error('bad cursor')
    return { name, id }
  } catch {
    throw new DomainError('validation_failed', 'cursor: not a cursor this API gave out', { errors: [{ in: 'querystring', path: 'cursor', message: 'invalid' }] })
  }
}
