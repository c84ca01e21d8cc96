/**
 * Two-phase card payments at placement (A33). A gateway answers in 200-800 ms; asked inside
 * the placement transaction it would hold the order's stock rows that long, and every
 * shopper of a popular article would wait in line behind it. So:
 *
 *   1. placement reserves the stock and writes the order as awaiting payment, with a
 *      `payment_attempts` row (state 'started'), and commits;
 *   2. the gateway is asked, outside any transaction, under the attempt's idempotency key;
 *   3. a second short transaction records the answer: the order goes on as it would have
 *      (in progress, held for approval) or is cancelled and its stock released.
 *
 * A crash between 1 and 3 leaves a started attempt: the recovery job (and any retry of the
 * request with the same Idempotency-Key) asks the gateway again under the same key, which
 * answers what it did instead of charging twice, and records that. Recording locks the
 * attempt and does nothing the second time, so no answer is recorded twice or lost.
 */
import { sql } from 'kysely'
import { systemActor, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import type { Insert } from '../db/write-together.ts'
import { inTransaction } from '../db/transaction.ts'
import { DomainError, problemOf } from '../http/errors.ts'
import { idempotentResponseUpdate, type StoredResponse } from '../http/idempotency.ts'
import { changeStock } from '../inventory/stock.repo.ts'
import { Journal } from '../orders/journal.ts'
import { orderToApi } from '../orders/order.api.ts'
import { loadOrder, orderUpdates, type OrderState } from '../orders/order.repo.ts'
import { lockAttempt, type AttemptRow } from './payment-attempts.ts'
import { releaseOrderDiscounts } from '../discounts/discount-claims.ts'
import { issueDueDocuments } from '../documents/issue-documents.ts'
import { followOrderItems } from '../vouchers/order-items.ts'
import type { PlaceOrderInput } from '../orders/order.schemas.ts'
import { placementFailure, settlePlacement } from '../orders/place-order.ts'
import { initialDeliveryStatus } from '../orders/delivery.machine.ts'
import { heldStockReleased } from '../orders/fulfilment.ts'
import { moveDelivery } from '../orders/order-change.ts'
import { uuidv7 } from '../shared/ids.ts'
import { callGateway, type GatewayResult, type PaymentGateway } from './gateway.ts'
import { placementOperations, recoverLaterPayments } from './gateway-outside.ts'
import { outstandingOf, pay } from './payment.service.ts'

export interface CardPayment { operation: 'AUTH' | 'AUTH_CAPTURE'; amount: number; token: string }

export interface PendingPayment extends CardPayment {
  id: string
  orderId: string
  gatewayKey: string
  currency: string
}

/**
 * ORDO_TWO_PHASE_PAYMENTS=0 asks the gateway inside the placement transaction, as Ordo did
 * before: only for comparing the two in bench/gateway-latency.ts.
 */
export const twoPhasePayments = () => process.env.ORDO_TWO_PHASE_PAYMENTS !== '0'

/** Where the answer to a placement is reported (for the stored idempotent response). */
const placementPath = '/api/v1/orders'

/** The card payment a new order asks for (capturing at once where asked and not held), if any. */
export function cardPaymentOf(order: OrderState, input: PlaceOrderInput, held: boolean): CardPayment | undefined {
  // Vouchers pay first: the card is asked only for what they leave.
  const amount = outstandingOf(order)
  if (input.payment.method !== 'card' || amount === 0) return undefined
  const captureNow = order.row.capture_mode === 'immediate' && !held
  return { operation: captureNow ? 'AUTH_CAPTURE' : 'AUTH', amount, token: input.payment.token ?? '' }
}

/** Phase 1, in the placement transaction: the attempt to answer after the commit. */
export function pendingPayment(order: OrderState, card: CardPayment): PendingPayment {
  // The key the synchronous path would use for the order's first payment (see attemptKey).
  return { ...card, id: uuidv7(), orderId: order.row.id, gatewayKey: `${order.row.id}:${card.operation}:order:0`, currency: order.row.currency }
}

/** The attempt's row, 'started', written with the order. */
export function attemptInsert(order: OrderState, pending: PendingPayment, requestKey: string | null): Insert {
  return {
    into: 'payment_attempts',
    rows: [{
      id: pending.id, order_id: pending.orderId, gateway_key: pending.gatewayKey, operation: pending.operation,
      amount: pending.amount, currency: pending.currency, token: pending.token, held: (order.row.approval_reasons as string[]).length > 0,
      request_key: requestKey, state: 'started', result: null, recorded_at: null,
    }],
  }
}

/**
 * Phases 2 and 3: asks the gateway, then records its answer. Returns the placement's answer.
 * A gateway that gave no answer even when asked again may still have charged the card: then
 * nothing is recorded, the attempt stays started for the recovery job (or a retry with the
 * same Idempotency-Key) to ask again, and the answer is 202 with the order awaiting payment.
 */
export async function finishPayment(db: Database, gateway: PaymentGateway, pending: PendingPayment, actor: Actor): Promise<StoredResponse> {
  const result = await callGateway(() => gateway.authorize({
    amount: pending.amount, currency: pending.currency, idempotencyKey: pending.gatewayKey, token: pending.token, capture: pending.operation === 'AUTH_CAPTURE',
  }))
  if (result.unanswered) return { statusCode: 202, body: orderToApi(await loadOrder(db, pending.orderId), actor) }
  return recordPayment(db, gateway, pending.id, result, actor)
}

/** Phase 3: one short transaction; a second recording of the same attempt changes nothing. */
export async function recordPayment(db: Database, gateway: PaymentGateway, attemptId: string, result: GatewayResult, actor: Actor): Promise<StoredResponse> {
  return inTransaction(db, async (trx) => {
    const { attempt, order, seller } = await lockAttempt(trx, attemptId, { seller: true })
    if (attempt.state === 'recorded') return answerOf(trx, attempt, order, actor)
    const o = order.row
    const journal = new Journal(actor)
    // The gateway already answered: pay() records that answer; anything further asks the real one.
    const ctx = { trx, journal, gateway: answering(gateway, result), seller }
    journal.event('order.placed', o.id, o.shop_code, { number: o.number, total: o.total, currency: o.currency })
    // What the card was asked for, before its answer is recorded (vouchers may have paid the rest).
    const askedFor = outstandingOf(order)
    const paid = await pay(ctx, order, { operation: attempt.operation, amount: attempt.amount, token: attempt.token ?? '' })
    const failure = placementFailure(order, paid)
    // Staff may have cancelled or changed the order while the gateway was asked: money taken
    // for it is given back at once, and the order stays as they left it.
    const moved = o.status !== 'awaiting_payment' || askedFor !== attempt.amount
    if (moved) {
      if (!failure) {
        await pay({ ...ctx, gateway }, order, { operation: attempt.operation === 'AUTH' ? 'VOID' : 'REFUND', amount: attempt.amount, message: 'The order changed while the payment was asked for' })
      }
    } else if (failure) {
      // The allocation job may have moved a backorder on while the gateway was asked: every
      // delivery holding stock gives it back, and one that moved says in its history that it ends.
      await changeStock(trx, order.deliveries.flatMap(heldStockReleased))
      for (const d of order.deliveries.filter((x) => x.row.status !== initialDeliveryStatus[x.row.kind])) moveDelivery(ctx, order, d, 'cancelled', 'payment-failed')
      await settlePlacement(ctx, order, failure)
      // A failed order gives its discount uses back, and what vouchers paid goes back onto them.
      await releaseOrderDiscounts(trx, o.id)
      await followOrderItems(ctx, order)
      for (const d of order.deliveries) d.changed = true
    } else {
      o.status = attempt.held ? 'awaiting_approval' : 'in_progress'
      const reasons = o.approval_reasons as string[]
      journal.entry(o.id, 'transition', {
        action: 'payment-authorized', from: 'awaiting_payment', to: o.status,
        note: reasons.length ? `Held for approval: ${reasons.join(', ')}` : null,
      })
      await settlePlacement(ctx, order, undefined)
      await followOrderItems(ctx, order)
      await issueDueDocuments(ctx, order)
    }
    const updates = orderUpdates(order)
    // The attempt was loaded started; recorded now, the order's actions no longer wait for it.
    order.cardAnswerPending = false
    const requestKey = attempt.request_key
    // The order, its journal, the attempt marked recorded and the answer kept for a retried
    // request: one statement, the last (it takes the shop's invoice number when it invoices;
    // the answer kept has the number's stand-in, which the statement fills in).
    await journal.flushLast(trx, ...updates, {
      update: (db) => db.updateTable('payment_attempts').set({ state: 'recorded', result: paid.status, token: null, recorded_at: new Date() }).where('id', '=', attempt.id),
    }, ...(requestKey ? [idempotentResponseUpdate(requestKey, responseOf(order, paid.status, actor))] : []))
    // Built again now that the order has its invoice number.
    return responseOf(order, paid.status, actor)
  })
}

/**
 * A retried placement whose key was claimed by a request still waiting for the gateway (or
 * cut off by a crash): finishes that payment, under the same gateway key, and answers.
 */
export async function finishPendingRequest(db: Database, gateway: PaymentGateway, requestKey: string, actor: Actor): Promise<StoredResponse> {
  const attempt = await db.selectFrom('payment_attempts').selectAll().where('request_key', '=', requestKey)
    .orderBy('started_at', 'desc').executeTakeFirst()
  if (!attempt) throw new DomainError('idempotency_key_reused', 'This Idempotency-Key belongs to a request that is still running')
  if (attempt.state === 'started') return finishPayment(db, gateway, pendingOf(attempt), actor)
  return inTransaction(db, async (trx) => answerOf(trx, attempt, await loadOrder(trx, attempt.order_id), actor))
}

/**
 * The recovery job: payments started more than `olderThanMs` ago and never recorded (the
 * process died while asking) are asked again and recorded. Several workers may run it:
 * the gateway answers a key once, and recording locks the attempt. Captures, voids and
 * refunds of changes are recovered by gateway-outside.ts.
 */
export async function recoverPayments(db: Database, gateway: PaymentGateway, olderThanMs = 30_000): Promise<{ recovered: number; results: Record<string, number> }> {
  const later = await recoverLaterPayments(db, gateway, olderThanMs)
  const stale = await db.selectFrom('payment_attempts').selectAll()
    .where('state', '=', 'started').where('operation', 'in', [...placementOperations])
    .where('started_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
    .orderBy('started_at').limit(200).execute()
  const actor = systemActor('payment-recovery')
  const results: Record<string, number> = {}
  for (const attempt of stale) {
    const response = await finishPayment(db, gateway, pendingOf(attempt), actor)
    const key = response.statusCode === 201 ? 'placed' : response.statusCode === 202 ? 'unanswered' : 'cancelled'
    results[key] = (results[key] ?? 0) + 1
  }
  if (later > 0) results.recorded = later
  return { recovered: stale.length - (results.unanswered ?? 0) + later, results }
}

function pendingOf(a: AttemptRow): PendingPayment {
  return { id: a.id, orderId: a.order_id, gatewayKey: a.gateway_key, operation: a.operation as CardPayment['operation'], amount: a.amount, currency: a.currency, token: a.token ?? '' }
}

/** The answer of a recorded attempt: the stored response of its request, else the order as it is. */
async function answerOf(trx: Database, attempt: AttemptRow, order: OrderState, actor: Actor): Promise<StoredResponse> {
  if (attempt.request_key) {
    const stored = await trx.selectFrom('idempotency_keys').select(['status_code', 'response']).where('key', '=', attempt.request_key).executeTakeFirst()
    if (stored && stored.status_code !== 0) return { statusCode: stored.status_code, body: stored.response }
  }
  return responseOf(order, attempt.result ?? 'failed', actor)
}

function responseOf(order: OrderState, status: string, actor: Actor): StoredResponse {
  const failure = placementFailure(order, { status })
  return failure
    ? { statusCode: failure.status, body: problemOf(failure, placementPath) }
    : { statusCode: 201, body: orderToApi(order, actor) }
}

/** A gateway whose authorisation already answered `result`; captures, voids and refunds go to the real one. */
function answering(gateway: PaymentGateway, result: GatewayResult): PaymentGateway {
  return {
    name: gateway.name,
    features: gateway.features,
    authorize: async () => result,
    capture: (req) => gateway.capture(req),
    void: (req) => gateway.void(req),
    refund: (req) => gateway.refund(req),
  }
}
