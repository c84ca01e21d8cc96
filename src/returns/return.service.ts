/**
 * Returns (A9): authorise shipped goods to come back (RMA), receive them (restock or
 * write off, unit by unit), refund them, or cancel the RMA. Every step locks the order
 * first, then the return, leaves one history entry on the order and an event.
 */
import type { Actor } from '../auth/actor.ts'
import { DomainError } from '../http/errors.ts'
import { changeStock, type StockChange } from '../inventory/stock.repo.ts'
import type { Notes } from '../orders/journal.ts'
import { finishChange, isPaid, moveDelivery, moveOrder, type ChangeContext } from '../orders/order-change.ts'
import { loadOrderFor, type OrderState } from '../orders/order.repo.ts'
import { formatAmount } from '../payments/payment.service.ts'
import { refundMoney } from '../payments/refund.ts'
import { issueCreditNote } from '../documents/issue-documents.ts'
import { uuidv7 } from '../shared/ids.ts'
import { invalid, type Outcome } from './outcome.ts'
import { isReturnAction, returnActions, returnRefusalOf, allowedReturnActions, type ReturnActionName } from './return.machine.ts'
import { insertReturn, loadReturn, returnHeader, returnsOfOrder, saveReturn, type ReturnState } from './return.repo.ts'
import { everythingCameBack, returnFacts, shippingGrossOf, unitValueOf } from './returnable.ts'

export interface ReturnLineInput { lineId: string; quantity: number }
export interface AuthorizeInput extends Notes { lines: ReturnLineInput[]; reason: string }
export interface ReceiveInput extends Notes { lines: (ReturnLineInput & { disposition: 'restock' | 'write_off'; warehouse?: string })[] }
export interface RefundInput extends Notes { amount?: number; lines?: ReturnLineInput[]; includeShipping?: boolean; reason: string; manual?: boolean }

const returnable = new Set(['partially_shipped', 'completed'])

/** Sums the quantities per line, refusing lines the order (or return) does not have. */
function perLine(lines: ReturnLineInput[], known: (id: string) => boolean, path = 'lines'): Map<string, number> {
  if (lines.length === 0) throw invalid(path, 'name at least one line')
  const sum = new Map<string, number>()
  for (const l of lines) {
    if (!known(l.lineId)) throw invalid(path, `there is no line ${l.lineId} here`)
    sum.set(l.lineId, (sum.get(l.lineId) ?? 0) + l.quantity)
  }
  return sum
}

const describeLines = (order: OrderState, q: Map<string, number>) =>
  [...q].map(([id, n]) => `${n} × ${order.lines.find((l) => l.id === id)?.sku}`).join(', ')

export async function authorizeReturn(ctx: ChangeContext, actor: Actor, orderId: string, input: AuthorizeInput): Promise<ReturnState> {
  const order = await loadOrderFor(actor, ctx.trx, orderId, true)
  if (!returnable.has(order.row.status)) {
    throw new DomainError('transition_not_allowed', `Only shipped goods can come back; the order is ${order.row.status}`, { currentStatus: order.row.status })
  }
  const returns = await returnsOfOrder(ctx.trx, order.row.id)
  const facts = returnFacts(order, returns)
  const wanted = perLine(input.lines, (id) => order.lines.some((l) => l.id === id))
  for (const [lineId, quantity] of wanted) {
    const f = facts.find((x) => x.line.id === lineId)!
    if (quantity > f.returnable) throw invalid('lines', `only ${f.returnable} of ${f.line.sku} went out and are not on a return yet`)
  }
  const now = new Date()
  const id = uuidv7()
  const ret: ReturnState = {
    row: {
      id, order_id: order.row.id, shop_code: order.row.shop_code, number: `${order.row.number}-R${returns.length + 1}`,
      status: 'authorized', reason: input.reason, note: input.note ?? null, refunded: 0, created_by: actor.name, created_at: now, updated_at: now,
    },
    lines: [...wanted].map(([lineId, quantity]) => {
      const line = order.lines.find((l) => l.id === lineId)!
      return {
        return_id: id, order_line_id: lineId, sku: line.sku, quantity, received_quantity: 0, restocked_quantity: 0,
        written_off_quantity: 0, warehouse_code: null, unit_value: unitValueOf(order, line),
      }
    }),
  }
  await insertReturn(ctx.trx, ret)
  const what = describeLines(order, wanted)
  ctx.journal.entry(order.row.id, 'return', {
    action: 'return-authorize', to: 'authorized',
    note: `Return ${ret.row.number} authorised: ${what}. Reason: ${input.reason}${input.note ? `. ${input.note}` : ''}`, clientNote: input.clientNote,
  })
  ctx.journal.event('return.authorized', order.row.id, order.row.shop_code, {
    returnId: id, returnNumber: ret.row.number, reason: input.reason, lines: ret.lines.map((l) => ({ lineId: l.order_line_id, sku: l.sku, quantity: l.quantity })),
    clientNote: input.clientNote ?? null,
  })
  await finishChange(ctx, order, isPaid(order))
  return ret
}

/** Locks the return's order, then the return, and checks the action is possible. */
async function openReturn(ctx: ChangeContext, actor: Actor, returnId: string, action: ReturnActionName) {
  const header = await returnHeader(actor, ctx.trx, returnId)
  const order = await loadOrderFor(actor, ctx.trx, header.order_id, true)
  const ret = await loadReturn(ctx.trx, returnId, true)
  if (!isReturnAction(action)) throw new DomainError('unknown_action')
  const facts = { status: ret.row.status, received: ret.lines.reduce((s, l) => s + l.received_quantity, 0) }
  const refusal = returnRefusalOf(action, facts)
  if (refusal) throw new DomainError('transition_not_allowed', refusal, { currentStatus: ret.row.status, allowedActions: allowedReturnActions(facts) })
  return { order, ret }
}

export async function receiveReturn(ctx: ChangeContext, actor: Actor, returnId: string, input: ReceiveInput): Promise<ReturnState> {
  const { order, ret } = await openReturn(ctx, actor, returnId, 'receive')
  const has = (id: string) => ret.lines.some((l) => l.order_line_id === id)
  const came = perLine(input.lines, has)
  for (const [lineId, q] of came) {
    const rl = ret.lines.find((l) => l.order_line_id === lineId)!
    if (q > rl.quantity) throw invalid('lines', `return ${ret.row.number} expects only ${rl.quantity} of ${rl.sku}`)
  }
  const restock: StockChange[] = []
  for (const l of input.lines) {
    const rl = ret.lines.find((x) => x.order_line_id === l.lineId)!
    rl.received_quantity += l.quantity
    if (l.disposition === 'write_off') { rl.written_off_quantity += l.quantity; continue }
    const warehouse = l.warehouse ?? shippedFrom(order, l.lineId)
    if (!warehouse) throw invalid('lines', `say which warehouse takes back ${rl.sku}`)
    await ensureStockRow(ctx, warehouse, rl.sku)
    restock.push({ warehouse, sku: rl.sku, onHand: l.quantity })
    rl.restocked_quantity += l.quantity
    rl.warehouse_code = warehouse
  }
  await changeStock(ctx.trx, restock)
  ret.row.status = returnActions.receive.to
  await saveReturn(ctx.trx, ret)

  const summary = ret.lines.filter((l) => l.received_quantity > 0).map((l) =>
    [l.restocked_quantity && `${l.restocked_quantity} × ${l.sku} restocked in ${l.warehouse_code}`,
      l.written_off_quantity && `${l.written_off_quantity} × ${l.sku} written off`].filter(Boolean).join(', ')).join('; ')
  ctx.journal.entry(order.row.id, 'return', {
    action: 'return-receive', from: 'authorized', to: 'received', note: `Return ${ret.row.number} received: ${summary}${input.note ? `. ${input.note}` : ''}`,
    clientNote: input.clientNote,
  })
  ctx.journal.event('return.received', order.row.id, order.row.shop_code, { returnId: ret.row.id, returnNumber: ret.row.number })
  await closeIfAllBack(ctx, order, input)
  await finishChange(ctx, order, isPaid(order))
  return ret
}

/** The warehouse a line went out from: where it comes back by default. */
function shippedFrom(order: OrderState, lineId: string): string | null {
  const d = order.deliveries.find((x) => ['shipped', 'delivered'].includes(x.row.status) && x.lines.some((l) => l.order_line_id === lineId))
  return d?.row.warehouse_code ?? null
}

async function ensureStockRow(ctx: ChangeContext, warehouse: string, sku: string): Promise<void> {
  const known = await ctx.trx.selectFrom('warehouses').select('code').where('code', '=', warehouse).executeTakeFirst()
  if (!known) throw new DomainError('warehouse_not_found', `There is no warehouse "${warehouse}"`)
  await ctx.trx.insertInto('stock_levels').values({ warehouse_code: warehouse, sku })
    .onConflict((oc) => oc.columns(['warehouse_code', 'sku']).doNothing()).execute()
}

/** The order is `returned` only when everything that went out came back and nothing is left to go. */
async function closeIfAllBack(ctx: ChangeContext, order: OrderState, notes: Notes): Promise<void> {
  const facts = returnFacts(order, await returnsOfOrder(ctx.trx, order.row.id))
  if (!everythingCameBack(order, facts)) return
  for (const d of order.deliveries) {
    if (d.row.status === 'shipped' || d.row.status === 'delivered') moveDelivery(ctx, order, d, 'returned', 'return', notes)
  }
  moveOrder(ctx, order, 'returned', 'return', notes)
}

export async function refundReturn(ctx: ChangeContext, actor: Actor, returnId: string, input: RefundInput): Promise<Outcome<ReturnState>> {
  const { order, ret } = await openReturn(ctx, actor, returnId, 'refund')
  let amount = input.amount ?? 0
  // Refunded by line (the default): which lines, and how many of each.
  const chosen = input.amount !== undefined ? undefined : input.lines ? perLine(input.lines, (id) => ret.lines.some((l) => l.order_line_id === id))
    : new Map(ret.lines.map((l) => [l.order_line_id, l.received_quantity]))
  if (chosen) {
    for (const [lineId, q] of chosen) {
      const rl = ret.lines.find((l) => l.order_line_id === lineId)!
      if (q > rl.received_quantity) throw invalid('lines', `only ${rl.received_quantity} of ${rl.sku} came back`)
      amount += q * rl.unit_value
    }
    if (input.includeShipping) amount += shippingGrossOf(order)
  }
  const paidBefore = isPaid(order)
  const failure = amount > 0 ? await refundMoney(ctx, order, { amount, reason: input.reason, manual: input.manual }) : undefined
  if (failure) {
    ctx.journal.entry(order.row.id, 'action_failed', { action: 'return-refund', note: failure.message })
    await finishChange(ctx, order, paidBefore)
    return { ok: false, error: failure }
  }
  order.row.credited = (order.row.credited ?? 0) + amount
  // The credit note for the money given back: the lines that came back where the refund was by line.
  await issueCreditNote(ctx.trx, ctx.journal, order, chosen
    ? { reason: `${ret.row.number}: ${input.reason}`, lines: [...chosen].map(([lineId, quantity]) => ({ lineId, quantity })), shipping: input.includeShipping, total: amount }
    : { reason: `${ret.row.number}: ${input.reason}`, amount })
  ret.row.refunded = amount
  ret.row.status = returnActions.refund.to
  await saveReturn(ctx.trx, ret)
  ctx.journal.entry(order.row.id, 'return', {
    action: 'return-refund', from: 'received', to: 'refunded',
    note: `Return ${ret.row.number} refunded: ${formatAmount(amount, order.row.currency)}. Reason: ${input.reason}${input.note ? `. ${input.note}` : ''}`,
    clientNote: input.clientNote,
  })
  ctx.journal.event('return.refunded', order.row.id, order.row.shop_code, { returnId: ret.row.id, returnNumber: ret.row.number, amount })
  await finishChange(ctx, order, paidBefore)
  return { ok: true, value: ret }
}

export async function cancelReturn(ctx: ChangeContext, actor: Actor, returnId: string, input: Notes): Promise<ReturnState> {
  const { order, ret } = await openReturn(ctx, actor, returnId, 'cancel')
  ret.row.status = returnActions.cancel.to
  await saveReturn(ctx.trx, ret)
  ctx.journal.entry(order.row.id, 'return', {
    action: 'return-cancel', from: 'authorized', to: 'cancelled', note: `Return ${ret.row.number} cancelled${input.note ? `: ${input.note}` : ''}`,
    clientNote: input.clientNote,
  })
  ctx.journal.event('return.cancelled', order.row.id, order.row.shop_code, { returnId: ret.row.id, returnNumber: ret.row.number })
  await finishChange(ctx, order, isPaid(order))
  return ret
}
