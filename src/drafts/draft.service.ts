/** Creating and changing drafts (A16, A17): edits, holds, assignment, hand-back, discard. */
import { randomBytes } from 'node:crypto'
import { can, seesShop, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { DraftLine } from '../db/tables/drafts.ts'
import { findCustomerFor } from '../customers/customer.service.ts'
import { DomainError } from '../http/errors.ts'
import { findShop } from '../shops/shop.repo.ts'
import { uuidv7 } from '../shared/ids.ts'
import { emit, record } from './desk-history.ts'
import { draftMachine, editable, type DraftStatus } from './draft.machine.ts'
import { findDraft, updateDraft, type DraftRow } from './draft.repo.ts'
import type { CreateDraftInput, PatchDraftInput } from './draft.schemas.ts'
import { reserveForDraft, releaseForDraft } from './draft-hold.ts'
import { priceLines } from './draft-pricing.ts'
import { nextState } from './machine.ts'

export async function createDraft(trx: Database, actor: Actor, input: CreateDraftInput, links: { quoteId?: string; consultationId?: string } = {}): Promise<string> {
  const shop = await findShop(trx, input.shop)
  if (!seesShop(actor, shop.code)) throw new DomainError('shop_not_found', `There is no shop "${input.shop}"`)
  const lines = await checkLines(trx, actor, shop.code, [], input.lines ?? [], Boolean(links.quoteId))
  if (input.customer && 'id' in input.customer) await findCustomerFor(actor, trx, input.customer.id)
  const codes = input.discountCodes?.length ? await checkCodes(trx, shop.code, lines, input.shippingCost ?? 0, input.discountCodes) : []
  const id = uuidv7()
  await trx.insertInto('drafts').values({
    id, shop_code: shop.code, status: 'open',
    customer: JSON.stringify(input.customer ?? null), lines: JSON.stringify(lines),
    billing_address: JSON.stringify(input.billingAddress ?? null), shipping_address: JSON.stringify(input.shippingAddress ?? null),
    shipping_cost: input.shippingCost ?? 0, note: input.note ?? null, source: input.source ?? 'staff', b2b: JSON.stringify(input.b2b ?? null),
    discount_codes: codes,
    assignee_id: actor.kind === 'user' ? actor.id : null, assignee_name: actor.kind === 'user' ? actor.name : null,
    hold_until: null, hand_back_code: null, order_id: null, quote_id: links.quoteId ?? null, consultation_id: links.consultationId ?? null,
  }).execute()
  await record(trx, actor, 'draft', id, 'transition', { action: 'create', from: null, to: 'open', note: input.source ? `Source: ${input.source}` : null })
  await recordOverrides(trx, actor, id, [], lines)
  await emit(trx, 'draft.created', shop.code, { draftId: id, source: input.source ?? 'staff' })
  return id
}

export async function patchDraft(trx: Database, actor: Actor, id: string, input: PatchDraftInput): Promise<void> {
  const draft = await findDraft(actor, trx, id, true)
  if (!editable(draft.status)) throw new DomainError('transition_not_allowed', `A ${draft.status} draft cannot be changed`, { status: draft.status })
  const set: Record<string, unknown> = {}
  const changed: string[] = []
  if (input.lines !== undefined) {
    set.lines = await checkLines(trx, actor, draft.shop_code, draft.lines, input.lines)
    await recordOverrides(trx, actor, id, draft.lines, set.lines as DraftLine[])
    if (draft.hold_until) await reserveForDraft(trx, id, draft.shop_code, set.lines as DraftLine[])
    changed.push('lines')
  }
  if (input.customer !== undefined) {
    if (input.customer && 'id' in input.customer) await findCustomerFor(actor, trx, input.customer.id)
    set.customer = input.customer
    changed.push('customer')
  }
  if (input.discountCodes !== undefined) {
    const codes = await checkCodes(trx, draft.shop_code, (set.lines as DraftLine[] | undefined) ?? draft.lines, input.shippingCost ?? draft.shipping_cost, input.discountCodes)
    set.discount_codes = codes
    changed.push(`discount codes (${codes.join(', ') || 'none'})`)
  }
  const plain = { billingAddress: 'billing_address', shippingAddress: 'shipping_address', shippingCost: 'shipping_cost', note: 'note', b2b: 'b2b' } as const
  for (const [field, column] of Object.entries(plain) as [keyof typeof plain, string][]) {
    if (input[field] !== undefined) { set[column] = input[field]; changed.push(field) }
  }
  if (changed.length === 0) return
  await updateDraft(trx, id, set)
  await record(trx, actor, 'draft', id, 'edit', { action: 'edit', note: `Changed ${changed.join(', ')}` })
}

/** Lines exist and are priced; a new price override needs the permission and a reason. */
async function checkLines(trx: Database, actor: Actor, shopCode: string, before: DraftLine[], lines: DraftLine[], negotiated = false): Promise<DraftLine[]> {
  // Prices negotiated on a quote were agreed by whoever proposed it.
  for (const [i, l] of negotiated ? [] : lines.entries()) {
    if (l.unitPrice === undefined) { delete l.overrideReason; continue }
    const same = before.find((b) => b.sku === l.sku && b.unitPrice === l.unitPrice)
    if (same && !l.overrideReason) l.overrideReason = same.overrideReason
    if (same && l.overrideReason === same.overrideReason) continue
    if (!can(actor, 'prices.override')) {
      throw new DomainError('forbidden', `Your role (${actor.role}) may not override prices: it needs "prices.override"`, { permission: 'prices.override' })
    }
    if (!l.overrideReason?.trim()) {
      throw new DomainError('reason_required', `Line ${i + 1} (${l.sku}) overrides the price without a reason`, { errors: [{ path: `lines/${i}/overrideReason`, message: 'is required with unitPrice' }] })
    }
  }
  await priceLines(trx, await findShop(trx, shopCode), lines, 0)
  return lines
}

/**
 * Codes are checked when saved (known, valid, minimum reached) and kept as the shop spells
 * them, however they were typed; their uses are counted at placement.
 */
async function checkCodes(trx: Database, shopCode: string, lines: DraftLine[], shipping: number, codes: string[]): Promise<string[]> {
  const priced = await priceLines(trx, await findShop(trx, shopCode), lines, shipping, codes)
  if (priced.discountProblem) {
    throw new DomainError('discount_code_invalid', priced.discountProblem, { errors: [{ path: 'discountCodes', message: priced.discountProblem }] })
  }
  return priced.discounts.map((d) => d.code)
}

async function recordOverrides(trx: Database, actor: Actor, id: string, before: DraftLine[], after: DraftLine[]) {
  for (const l of after.filter((x) => x.unitPrice !== undefined)) {
    if (before.some((b) => b.sku === l.sku && b.unitPrice === l.unitPrice && b.overrideReason === l.overrideReason)) continue
    await record(trx, actor, 'draft', id, 'price-override', { action: 'override-price', note: `${l.sku}: ${l.unitPrice} (${l.overrideReason})` })
  }
}

const MAX_HOLD_MS = 30 * 24 * 3600_000

export async function holdDraft(trx: Database, actor: Actor, id: string, until: string): Promise<void> {
  const draft = await findDraft(actor, trx, id, true)
  const to = nextState(draftMachine, 'draft', 'hold', draft.status as DraftStatus)
  const at = new Date(until)
  const ms = at.getTime() - Date.now()
  if (!(ms > 0) || ms > MAX_HOLD_MS) {
    throw new DomainError('validation_failed', 'A hold ends in the future, within 30 days', { errors: [{ path: 'until', message: 'must be in the future, within 30 days' }] })
  }
  await reserveForDraft(trx, id, draft.shop_code, draft.lines)
  await updateDraft(trx, id, { status: to, hold_until: at })
  await record(trx, actor, 'draft', id, 'transition', { action: 'hold', from: draft.status, to, note: `Stock held until ${at.toISOString()}` })
  await emit(trx, 'draft.held', draft.shop_code, { draftId: id, until: at.toISOString() })
}

export async function releaseDraft(trx: Database, actor: Actor, id: string): Promise<void> {
  const draft = await findDraft(actor, trx, id, true)
  const to = nextState(draftMachine, 'draft', 'release', draft.status as DraftStatus)
  const quantity = await releaseForDraft(trx, id)
  await updateDraft(trx, id, { status: to, hold_until: null })
  await record(trx, actor, 'draft', id, 'transition', { action: 'release', from: draft.status, to, note: `${quantity} units released` })
  await emit(trx, 'draft.hold_released', draft.shop_code, { draftId: id, reason: 'released', quantity })
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The staff member (or the caller) a draft or request is assigned to. */
export async function assigneeFor(trx: Database, actor: Actor, userId: string | undefined): Promise<{ id: string; name: string }> {
  if (!userId) return { id: actor.id, name: actor.name }
  const user = uuid.test(userId) ? await trx.selectFrom('users').select(['id', 'name', 'active']).where('id', '=', userId).executeTakeFirst() : undefined
  if (!user?.active) throw new DomainError('user_not_found', `There is no active staff member ${userId}`)
  return { id: user.id, name: user.name }
}

export async function assignDraft(trx: Database, actor: Actor, id: string, input: { userId?: string; note?: string }): Promise<void> {
  const draft = await findDraft(actor, trx, id, true)
  nextState(draftMachine, 'draft', 'assign', draft.status as DraftStatus)
  const who = await assigneeFor(trx, actor, input.userId)
  // Taking over a draft handed back to the customer makes it the staff's again.
  const to = draft.status === 'handed_back' ? (draft.hold_until ? 'held' : 'open') : draft.status
  await updateDraft(trx, id, { assignee_id: who.id, assignee_name: who.name, status: to, hand_back_code: to === draft.status ? draft.hand_back_code : null })
  await record(trx, actor, 'draft', id, 'assignment', { action: 'assign', from: draft.status, to, note: `Assigned to ${who.name}${input.note ? `: ${input.note}` : ''}` })
  await emit(trx, 'draft.assigned', draft.shop_code, { draftId: id, assignee: who })
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

export async function handBackDraft(trx: Database, actor: Actor, id: string, note?: string): Promise<DraftRow> {
  const draft = await findDraft(actor, trx, id, true)
  const to = nextState(draftMachine, 'draft', 'hand-back', draft.status as DraftStatus)
  if (!draft.customer) throw new DomainError('draft_incomplete', 'A draft is handed back to its customer: set one first', { missing: ['customer'] })
  const code = [...randomBytes(10)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('')
  await updateDraft(trx, id, { status: to, hand_back_code: code, assignee_id: null, assignee_name: null })
  await record(trx, actor, 'draft', id, 'transition', { action: 'hand-back', from: draft.status, to, note: note ?? null })
  const c = draft.customer
  const contact = 'id' in c ? await trx.selectFrom('customers').select(['email', 'name']).where('id', '=', c.id).executeTakeFirst() : c
  await emit(trx, 'draft.handed_back', draft.shop_code, { draftId: id, code, customerEmail: contact?.email, customerName: contact?.name })
  return { ...draft, status: to, hand_back_code: code }
}

export async function discardDraft(trx: Database, actor: Actor, id: string, note?: string): Promise<void> {
  const draft = await findDraft(actor, trx, id, true)
  const to = nextState(draftMachine, 'draft', 'discard', draft.status as DraftStatus)
  await releaseForDraft(trx, id)
  await updateDraft(trx, id, { status: to, hold_until: null, hand_back_code: null })
  await record(trx, actor, 'draft', id, 'transition', { action: 'discard', from: draft.status, to, note: note ?? null })
  await emit(trx, 'draft.discarded', draft.shop_code, { draftId: id })
}
