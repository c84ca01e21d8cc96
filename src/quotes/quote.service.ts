/** Requests for quote (A18): request, negotiate, propose (by e-mail), accept or reject, expire, order. */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { can, seesShop, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { inTransaction } from '../db/transaction.ts'
import type { QuoteLine } from '../db/tables/drafts.ts'
import { findCustomerFor } from '../customers/customer.service.ts'
import { DomainError } from '../http/errors.ts'
import type { PaymentGateway } from '../payments/gateway.ts'
import type { Placement } from '../orders/place-order.ts'
import { findShop } from '../shops/shop.repo.ts'
import { uuidv7 } from '../shared/ids.ts'
import { emit, record } from '../drafts/desk-history.ts'
import { createDraft } from '../drafts/draft.service.ts'
import { findDraft } from '../drafts/draft.repo.ts'
import { priceLines } from '../drafts/draft-pricing.ts'
import { placeDraft } from '../drafts/place-draft.ts'
import { nextState } from '../drafts/machine.ts'
import { quoteMachine, type QuoteAction, type QuoteStatus } from './quote.machine.ts'
import { findQuote, quoteToApi } from './quote.repo.ts'
import type { NegotiateQuoteInput, OrderQuoteInput, RequestQuoteInput } from './quote.schemas.ts'

const today = () => new Date().toISOString().slice(0, 10)

export async function requestQuote(trx: Database, actor: Actor, input: RequestQuoteInput): Promise<string> {
  const shop = await findShop(trx, input.shop)
  if (!seesShop(actor, shop.code)) throw new DomainError('shop_not_found', `There is no shop "${input.shop}"`)
  await priceLines(trx, shop, input.lines, 0)
  const customer = 'id' in input.customer
    ? await findCustomerFor(actor, trx, input.customer.id).then((c) => ({ id: c.id, email: c.email, name: c.name, ...(c.phone && { phone: c.phone }) }))
    : input.customer
  const id = uuidv7()
  const number = `Q-${today().replaceAll('-', '')}-${randomBytes(3).toString('hex').toUpperCase()}`
  await trx.insertInto('quotes').values({
    id, number, shop_code: shop.code, status: 'requested', customer: JSON.stringify(customer), lines: JSON.stringify(input.lines),
    message: input.message ?? null, po_reference: input.poReference ?? null, cost_centre: input.costCentre ?? null, valid_until: null, order_id: null,
  }).execute()
  await record(trx, actor, 'quote', id, 'transition', { action: 'request', from: null, to: 'requested', note: input.message ?? null })
  await emit(trx, 'quote.requested', shop.code, { quoteId: id, number })
  return id
}

/** Staff set the negotiated prices, quantities and validity; a price other than the catalogue's needs prices.override. */
export async function negotiateQuote(trx: Database, actor: Actor, id: string, input: NegotiateQuoteInput): Promise<void> {
  const quote = await findQuote(actor, trx, id, true)
  if (quote.status !== 'requested' && quote.status !== 'proposed') {
    throw new DomainError('transition_not_allowed', `A ${quote.status} quote cannot be changed`, { status: quote.status })
  }
  const set: Record<string, unknown> = { updated_at: new Date() }
  const notes: string[] = []
  if (input.lines) {
    const priced = await priceLines(trx, await findShop(trx, quote.shop_code), input.lines, 0)
    const changed = priced.lines.filter((l) => l.unitPrice !== l.cataloguePrice)
    if (changed.length && !can(actor, 'prices.override')) {
      throw new DomainError('forbidden', `Your role (${actor.role}) may not set prices other than the catalogue's: it needs "prices.override"`, { permission: 'prices.override' })
    }
    set.lines = JSON.stringify(input.lines.map((l): QuoteLine => ({ sku: l.sku, quantity: l.quantity, ...(l.unitPrice !== undefined && { unitPrice: l.unitPrice }) })))
    notes.push(...priced.lines.map((l) => `${l.quantity} x ${l.sku} at ${l.unitPrice}${l.unitPrice !== l.cataloguePrice ? ` (catalogue ${l.cataloguePrice})` : ''}`))
  }
  if (input.validUntil !== undefined) { set.valid_until = checkValidity(input.validUntil); notes.push(`valid until ${input.validUntil}`) }
  if (input.poReference !== undefined) set.po_reference = input.poReference
  if (input.costCentre !== undefined) set.cost_centre = input.costCentre
  await trx.updateTable('quotes').set(set).where('id', '=', id).execute()
  await record(trx, actor, 'quote', id, 'edit', { action: 'negotiate', note: notes.join('; ') || null })
}

function checkValidity(day: string): string {
  if (Number.isNaN(Date.parse(day)) || day < today()) {
    throw new DomainError('validation_failed', 'A quote is valid until today or later', { errors: [{ path: 'validUntil', message: 'must be a date from today on' }] })
  }
  return day
}

export async function runQuoteAction(trx: Database, actor: Actor, id: string, action: Exclude<QuoteAction, 'order'>, input: { note?: string; validUntil?: string }): Promise<void> {
  const quote = await findQuote(actor, trx, id, true)
  const to = nextState(quoteMachine, 'quote', action, quote.status as QuoteStatus)
  const set: Record<string, unknown> = { status: to, updated_at: new Date() }
  if (action === 'propose') {
    const validUntil = input.validUntil ? checkValidity(input.validUntil) : quote.valid_until
    if (!validUntil) throw new DomainError('validation_failed', 'A proposal says how long it is valid', { errors: [{ path: 'validUntil', message: 'is required' }] })
    set.valid_until = validUntil
  }
  if (action === 'accept' && quote.valid_until && quote.valid_until < today()) {
    throw new DomainError('transition_not_allowed', `The quote was valid until ${quote.valid_until}`, { status: quote.status, validUntil: quote.valid_until })
  }
  await trx.updateTable('quotes').set(set).where('id', '=', id).execute()
  await record(trx, actor, 'quote', id, 'transition', { action, from: quote.status, to, note: input.note ?? null })
  const payload: Record<string, unknown> = { quoteId: id, number: quote.number }
  if (action === 'propose') {
    // The proposal e-mail: the event carries what the template shows and where it goes.
    const shown = await quoteToApi(trx, { ...quote, valid_until: set.valid_until as string })
    Object.assign(payload, { customerEmail: quote.customer.email, customerName: quote.customer.name, quote: shown, note: input.note ?? null })
  }
  await emit(trx, `quote.${({ propose: 'proposed', accept: 'accepted', reject: 'rejected', expire: 'expired' } as const)[action]}`, quote.shop_code, payload)
}

/** The accepted quote becomes an order at the negotiated prices, through a draft and the order placement. */
export async function orderQuote(trx: Database, gateway: PaymentGateway, actor: Actor, id: string, input: OrderQuoteInput, key: string | null): Promise<Placement> {
  const quote = await findQuote(actor, trx, id, true)
  const to = nextState(quoteMachine, 'quote', 'order', quote.status as QuoteStatus)
  const c = quote.customer
  const existing = await trx.selectFrom('drafts').select('id').where('quote_id', '=', id).where('status', 'in', ['open', 'held', 'handed_back']).executeTakeFirst()
  const draftId = existing?.id ?? await createDraft(trx, actor, {
    shop: quote.shop_code,
    customer: c.id ? { id: c.id } : { email: c.email, name: c.name, ...(c.phone && { phone: c.phone }) },
    lines: quote.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, ...(l.unitPrice !== undefined && { unitPrice: l.unitPrice, overrideReason: `quote ${quote.number}` }) })),
    billingAddress: input.billingAddress, shippingAddress: input.shippingAddress ?? null, shippingCost: input.shippingCost ?? 0,
    b2b: { ...(quote.po_reference && { poReference: quote.po_reference }), ...(quote.cost_centre && { costCentre: quote.cost_centre }), ...(input.approver && { approver: input.approver }) },
    source: 'quote',
  }, { quoteId: id })
  const placement = await placeDraft(trx, gateway, actor, await findDraft(actor, trx, draftId, true), { payment: input.payment }, key)
  if (!placement.outcome.ok) return placement
  await trx.updateTable('quotes').set({ status: to, order_id: placement.order.row.id, updated_at: new Date() }).where('id', '=', id).execute()
  await record(trx, actor, 'quote', id, 'transition', { action: 'order', from: quote.status, to, note: `Order ${placement.order.row.number}` })
  await emit(trx, 'quote.ordered', quote.shop_code, { quoteId: id, number: quote.number, orderNumber: placement.order.row.number }, placement.order.row.id)
  return placement
}

/** The job: proposals past their validity expire. */
export async function expireQuotes(db: Database, actor: Actor): Promise<{ expired: number }> {
  return inTransaction(db, async (trx) => {
    const { rows } = await sql<{ id: string; shop_code: string; number: string }>`
      select id, shop_code, number from quotes where status = 'proposed' and valid_until < current_date
       order by valid_until limit 500 for update skip locked`.execute(trx)
    for (const q of rows) {
      await trx.updateTable('quotes').set({ status: 'expired', updated_at: new Date() }).where('id', '=', q.id).execute()
      await record(trx, actor, 'quote', q.id, 'transition', { action: 'expire', from: 'proposed', to: 'expired', note: 'Validity passed' })
      await emit(trx, 'quote.expired', q.shop_code, { quoteId: q.id, number: q.number })
    }
    return { expired: rows.length }
  })
}
