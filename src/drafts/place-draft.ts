/**
 * Placing a draft (A17): the same placement as POST /orders, in one transaction with the
 * draft locked, so placing it twice at once gives one order. Stock the draft held is
 * given back and taken by the order in that transaction: nobody else can take it between.
 */
import type { Actor } from '../auth/actor.ts'
import { actorColumns } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import type { PaymentGateway } from '../payments/gateway.ts'
import type { PlaceOrderInput } from '../orders/order.schemas.ts'
import { placeOrder, type Placement } from '../orders/place-order.ts'
import { emit, record } from './desk-history.ts'
import { draftMachine, type DraftStatus } from './draft.machine.ts'
import { updateDraft, type DraftRow } from './draft.repo.ts'
import type { PlaceDraftInput } from './draft.schemas.ts'
import { releaseForDraft, reserveForDraft } from './draft-hold.ts'
import { nextState } from './machine.ts'

/** Places the (locked) draft; on a failed payment the draft stays as it was, its hold kept. */
export async function placeDraft(
  trx: Database, gateway: PaymentGateway, actor: Actor, draft: DraftRow, input: PlaceDraftInput, key: string | null,
): Promise<Placement> {
  const to = nextState(draftMachine, 'draft', 'place', draft.status as DraftStatus)
  const missing = [!draft.customer && 'customer', !draft.billing_address && 'billingAddress', draft.lines.length === 0 && 'lines'].filter(Boolean)
  if (missing.length) throw new DomainError('draft_incomplete', `The draft needs ${missing.join(', ')} before it is placed`, { missing })

  await releaseForDraft(trx, draft.id)
  const order: PlaceOrderInput = {
    shop: draft.shop_code, customer: draft.customer!, billingAddress: draft.billing_address!,
    ...(draft.shipping_address && { shippingAddress: draft.shipping_address }),
    lines: draft.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), shippingCost: draft.shipping_cost,
    payment: input.payment, ...(input.customerNote && { customerNote: input.customerNote }),
    ...(draft.discount_codes.length > 0 && { discountCodes: draft.discount_codes }),
    source: draft.quote_id ? 'quote' : draft.source === 'staff' ? 'draft' : draft.source,
  }
  const placement = await placeOrder(trx, gateway, actor, order, key, { unitPrices: draft.lines.map((l) => l.unitPrice) })
  if (!placement.outcome.ok) {
    if (draft.hold_until) await reserveForDraft(trx, draft.id, draft.shop_code, draft.lines)
    await record(trx, actor, 'draft', draft.id, 'place-failed', { action: 'place', note: placement.outcome.error.message })
    return placement
  }
  const orderId = placement.order.row.id
  await saveB2b(trx, orderId, draft)
  await noteOnOrder(trx, actor, orderId, draft)
  await updateDraft(trx, draft.id, { status: to, order_id: orderId, hold_until: null, hand_back_code: null })
  await record(trx, actor, 'draft', draft.id, 'transition', { action: 'place', from: draft.status, to, note: `Order ${placement.order.row.number}` })
  await emit(trx, 'draft.placed', draft.shop_code, { draftId: draft.id, orderNumber: placement.order.row.number }, orderId)
  return placement
}

async function saveB2b(trx: Database, orderId: string, draft: DraftRow) {
  const b = draft.b2b
  if (!b?.poReference && !b?.costCentre && !b?.approver && !draft.quote_id) return
  await trx.insertInto('order_b2b').values({
    order_id: orderId, po_reference: b?.poReference ?? null, cost_centre: b?.costCentre ?? null, approver: b?.approver ?? null, quote_id: draft.quote_id,
  }).execute()
}

/** The order's own history says where it came from and which prices were agreed. */
async function noteOnOrder(trx: Database, actor: Actor, orderId: string, draft: DraftRow) {
  const overrides = draft.lines.filter((l) => l.unitPrice !== undefined).map((l) => `${l.sku} at ${l.unitPrice} (${l.overrideReason ?? 'negotiated'})`)
  const note = [`Placed from draft ${draft.id}${draft.quote_id ? ` (quote ${draft.quote_id})` : ''}`, ...overrides.map((o) => `Price: ${o}`)].join('\n')
  await trx.insertInto('order_history').values({
    order_id: orderId, delivery_id: null, type: 'note', action: 'from-draft', from_status: null, to_status: null,
    note, client_note: null, ...actorColumns(actor),
  }).execute()
}
