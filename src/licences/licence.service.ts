/** The Licences area (A21): finding keys, activations up to a limit, renewal, revocation, key pools. */
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { isUuid, uuidv7 } from '../shared/ids.ts'
import { appendLicenceHistory, findLicence, licenceEvent, type LicenceRow } from './licence.repo.ts'
import type { LicenceApi, LicenceQueryInput } from './licence.schemas.ts'

const isExpired = (l: LicenceRow) => l.expires_at !== null && l.expires_at <= new Date()

function licenceToApi(l: LicenceRow, extra: { product_name?: string | null; order_number?: string | null; live?: number | string | bigint | null }): LicenceApi {
  return {
    id: l.id, key: l.key, sku: l.sku, productName: extra.product_name ?? null, shop: l.shop_code, status: l.status, expired: isExpired(l),
    source: l.source, activationLimit: l.activation_limit, activeActivations: Number(extra.live ?? 0),
    expiresAt: l.expires_at?.toISOString() ?? null, orderId: l.order_id, orderNumber: extra.order_number ?? null,
    customerEmail: l.customer_email, createdAt: l.created_at.toISOString(),
  }
}

function baseQuery(db: Database) {
  return db.selectFrom('licences as l')
    .leftJoin('orders as o', 'o.id', 'l.order_id')
    .leftJoin('products as p', 'p.sku', 'l.sku')
    .selectAll('l')
    .select(['o.number as order_number', 'p.name as product_name'])
    .select((eb) => eb.selectFrom('licence_activations as a').select(eb.fn.countAll().as('n'))
      .whereRef('a.licence_id', '=', 'l.id').where('a.deactivated_at', 'is', null).as('live'))
}

export async function listLicences(db: Database, actor: Actor, q: LicenceQueryInput) {
  let query = baseQuery(db)
  if (actor.shops !== null) query = query.where('l.shop_code', 'in', actor.shops.length ? actor.shops : [''])
  if (q.status) query = query.where('l.status', '=', q.status as LicenceRow['status'])
  if (q.sku) query = query.where('l.sku', '=', q.sku)
  if (q.orderId) query = query.where('l.order_id', '=', q.orderId)
  const text = q.q?.trim()
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) => eb.or([eb('l.key', 'ilike', like), eb('l.customer_email', 'ilike', like), eb('o.number', '=', text)]))
  }
  const rows = await query.orderBy('l.created_at', 'desc').orderBy('l.id', 'desc').limit(q.limit ?? 50).offset(q.offset ?? 0).execute()
  return { items: rows.map((r) => licenceToApi(r, r)) }
}

export async function getLicence(db: Database, actor: Actor, key: string): Promise<LicenceApi> {
  const l = await findLicence(db, actor, key)
  const row = await baseQuery(db).where('l.id', '=', l.id).executeTakeFirstOrThrow()
  const activations = await db.selectFrom('licence_activations').selectAll().where('licence_id', '=', l.id).orderBy('activated_at').execute()
  return {
    ...licenceToApi(row, row),
    activations: activations.map((a) => ({
      id: a.id, machine: a.machine, activatedAt: a.activated_at.toISOString(), deactivatedAt: a.deactivated_at?.toISOString() ?? null,
    })),
  }
}

export async function licenceHistory(db: Database, actor: Actor, key: string) {
  const l = await findLicence(db, actor, key)
  const rows = await db.selectFrom('licence_history').selectAll().where('licence_id', '=', l.id).orderBy('id').execute()
  return { items: rows.map((r) => ({ at: r.at.toISOString(), type: r.type, note: r.note, actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name } })) }
}

function usable(l: LicenceRow): void {
  if (l.status === 'revoked') throw new DomainError('licence_revoked', `Licence ${l.key} has been revoked`, { key: l.key })
  if (isExpired(l)) throw new DomainError('licence_expired', `Licence ${l.key} expired on ${l.expires_at!.toISOString().slice(0, 10)}`, { key: l.key })
}

/**
 * Activates the licence on a machine. The licence row is locked, so parallel activations
 * queue and the limit holds; activating a machine that is already active changes nothing.
 */
export async function activate(trx: Database, actor: Actor, key: string, machine: string): Promise<LicenceApi> {
  const l = await findLicence(trx, actor, key, true)
  usable(l)
  const live = await trx.selectFrom('licence_activations').select(['machine']).where('licence_id', '=', l.id).where('deactivated_at', 'is', null).execute()
  if (!live.some((a) => a.machine === machine)) {
    if (live.length >= l.activation_limit) {
      throw new DomainError('activation_limit_reached', `Licence ${l.key} is active on ${live.length} of ${l.activation_limit} machine(s); deactivate one first`,
        { key: l.key, limit: l.activation_limit, machines: live.map((a) => a.machine) })
    }
    await trx.insertInto('licence_activations').values({ id: uuidv7(), licence_id: l.id, machine, deactivated_at: null }).execute()
    await appendLicenceHistory(trx, actor, l.id, 'activated', machine)
  }
  return getLicence(trx, actor, key)
}

export async function deactivate(trx: Database, actor: Actor, key: string, activationId: string): Promise<LicenceApi> {
  const l = await findLicence(trx, actor, key, true)
  const row = !isUuid(activationId) ? undefined : await trx.updateTable('licence_activations').set({ deactivated_at: new Date() })
    .where('licence_id', '=', l.id).where('id', '=', activationId).where('deactivated_at', 'is', null)
    .returning('machine').executeTakeFirst()
  if (!row) throw new DomainError('not_found', `Licence ${l.key} has no active activation "${activationId}"`)
  await appendLicenceHistory(trx, actor, l.id, 'deactivated', row.machine)
  return getLicence(trx, actor, key)
}

/** A new expiry date; the customer is e-mailed through the licence.renewed event. */
export async function renew(trx: Database, actor: Actor, key: string, expiresAt: string, note?: string): Promise<LicenceApi> {
  const l = await findLicence(trx, actor, key, true)
  if (l.status === 'revoked') throw new DomainError('licence_revoked', `Licence ${l.key} has been revoked`, { key: l.key })
  const next = new Date(expiresAt)
  if (next <= new Date()) throw new DomainError('validation_failed', 'The new expiry must be in the future', { errors: [{ path: 'expiresAt', message: 'must be in the future' }] })
  const saved = await trx.updateTable('licences').set({ expires_at: next, updated_at: new Date() }).where('id', '=', l.id).returningAll().executeTakeFirstOrThrow()
  await appendLicenceHistory(trx, actor, l.id, 'renewed', `Valid until ${expiresAt.slice(0, 10)}${note ? `: ${note}` : ''}`)
  await licenceEvent(trx, 'licence.renewed', saved, { email: saved.customer_email })
  return getLicence(trx, actor, key)
}

export async function revoke(trx: Database, actor: Actor, key: string, reason: string): Promise<LicenceApi> {
  const l = await findLicence(trx, actor, key, true)
  if (l.status === 'revoked') throw new DomainError('licence_revoked', `Licence ${l.key} has been revoked already`, { key: l.key })
  const saved = await trx.updateTable('licences').set({ status: 'revoked', updated_at: new Date() }).where('id', '=', l.id).returningAll().executeTakeFirstOrThrow()
  await appendLicenceHistory(trx, actor, l.id, 'revoked', reason)
  await licenceEvent(trx, 'licence.revoked', saved, { reason })
  return getLicence(trx, actor, key)
}

/** Imports keys into a licence product's pool; keys already known are reported, not taken twice. */
export async function importPool(trx: Database, sku: string, keys: string[]) {
  const product = await trx.selectFrom('products').select(['kind']).where('sku', '=', sku).executeTakeFirst()
  if (!product) throw new DomainError('product_not_found', `There is no product "${sku}"`)
  if (product.kind !== 'licence') throw new DomainError('validation_failed', `Product ${sku} is not a licence product`, { errors: [{ path: 'sku', message: 'is not of kind licence' }] })
  const wanted = [...new Set(keys.map((k) => k.trim().toUpperCase()))]
  const issued = await trx.selectFrom('licences').select('key').where('key', 'in', wanted).execute()
  const fresh = wanted.filter((k) => !issued.some((i) => i.key === k))
  const inserted = fresh.length
    ? await trx.insertInto('licence_pool').values(fresh.map((key) => ({ key, sku, taken_at: null })))
      .onConflict((oc) => oc.column('key').doNothing()).returning('key').execute()
    : []
  const free = await trx.selectFrom('licence_pool').select((eb) => eb.fn.countAll().as('n')).where('sku', '=', sku).where('taken_at', 'is', null).executeTakeFirstOrThrow()
  return { imported: inserted.length, duplicates: wanted.length - inserted.length, available: Number(free.n) }
}
