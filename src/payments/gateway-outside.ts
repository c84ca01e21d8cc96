/**
 * Captures, voids and refunds asked outside the change's transaction (A33). A gateway answers
 * in 200-800 ms; asked inside the change, it would hold the order's row lock and a database
 * connection that long. So a change that needs the gateway (ship with capture, cancel with a
 * refund, a refund, an edit that captures more) runs like this:
 *
 *   1. the change runs; where it would call the gateway, it stops instead (GatewayNeeded) and
 *      its transaction is rolled back: nothing of it is kept;
 *   2. the call is written down as a started payment attempt (one statement, committed), then
 *      asked with no lock held, under the idempotency key the change computed;
 *   3. the change runs again, from the start, and this time the call gets that answer; its
 *      transaction records the payment and marks the attempt recorded. A change needing
 *      several calls (void, then refund) goes round once per call.
 *
 * While the call is out, the started attempt stands for the order's lock without holding it:
 * it is written under the order's row lock only if no other change's call is out, and any
 * other change of the order waits until it is recorded (and is refused with 409
 * payment_in_progress after 20 s). So a cancellation cannot void the authorisation of an
 * order that is being shipped, nor the reverse. The change decides every amount again from
 * the order when it runs again; if it no longer makes that call, or it is refused, the answer
 * is recorded on the order at once on its own (money the gateway moved is never unknown to
 * Ordo). A crash between 2 and 3 leaves a started attempt: the recovery job asks the gateway
 * again under the same key, which answers what it did instead of doing it twice, and records
 * that. Recording locks the order and the attempt and does nothing the second time.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import { systemActor, type Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { inTransaction } from '../db/transaction.ts'
import { DomainError } from '../http/errors.ts'
import { Journal } from '../orders/journal.ts'
import { orderUpdates, type OrderState } from '../orders/order.repo.ts'
import { uuidv7 } from '../shared/ids.ts'
import { callGateway, type GatewayRequest, type GatewayResult, type PaymentGateway } from './gateway.ts'
import { lockAttempt } from './payment-attempts.ts'
import { recordResult } from './payment.service.ts'

/** The operations on an existing authorisation: a change asks them of the gateway outside its transaction. */
export const laterOperations = ['CAPTURE', 'VOID', 'REFUND'] as const
export type LaterOperation = (typeof laterOperations)[number]
/** The card payment a placement asks for, in its two phases (two-phase.ts). */
export const placementOperations = ['AUTH', 'AUTH_CAPTURE'] as const

export interface LaterCall extends GatewayRequest {
  operation: LaterOperation
  orderId: string
  deliveryId: string | null
  authorization: string
  message: string | null
}

interface Asked { attemptId: string; call: LaterCall; result: GatewayResult; used: boolean }

/** The answers a change has been given so far, by idempotency key. */
const answers = new AsyncLocalStorage<Map<string, Asked>>()

/** The change needs this call answered before it can go on. */
class GatewayNeeded extends Error {
  readonly call: LaterCall
  readonly gateway: PaymentGateway
  /** The version of the order the change decided on. */
  readonly orderVersion: number
  constructor(call: LaterCall, gateway: PaymentGateway, orderVersion: number) {
    super(`The change needs the gateway's answer to ${call.operation} ${call.idempotencyKey}`)
    this.call = call
    this.gateway = gateway
    this.orderVersion = orderVersion
  }
}

/** A change that needs more calls than this is going round in circles. */
const mostCalls = 8
/** How long a change waits for other changes of the order before it is refused. */
const longestWaitMs = 20_000

/**
 * Runs `change` (which opens its own transaction) with its gateway calls asked outside it.
 * Outside withGatewayOutside (a job, a test), calls go straight to the gateway.
 */
export async function withGatewayOutside<T>(db: Database, actor: Actor, change: () => Promise<T>): Promise<T> {
  const known = new Map<string, Asked>()
  let done = false
  const waitUntil = Date.now() + longestWaitMs
  // Another change's call for this order is out: wait for it (as for the order's lock), then decide again.
  const waitsForAnother = (error: unknown) => error instanceof DomainError && error.code === 'payment_in_progress' && Date.now() < waitUntil
  try {
    for (;;) {
      for (const a of known.values()) a.used = false
      try {
        const result = await answers.run(known, change)
        done = true
        return result
      } catch (error) {
        if (waitsForAnother(error)) {
          await pause()
          continue
        }
        if (!(error instanceof GatewayNeeded)) throw error
        if (known.size >= mostCalls || Date.now() >= waitUntil) {
          throw new DomainError('concurrent_update', 'The order kept changing while this change waited for the payment gateway: look at it again and retry', { orderId: error.call.orderId })
        }
        const asked = await askOutside(db, error, attemptIdsOf(known)).catch((refused: unknown) => {
          if (waitsForAnother(refused)) return undefined
          throw refused
        })
        // Not asked when the order changed since the change decided, or another call is out: it decides again.
        if (asked) known.set(error.call.idempotencyKey, asked)
        else await pause()
      }
    }
  } finally {
    // Answers the last run did not record (it went another way, or failed): recorded now.
    for (const a of known.values()) {
      if (done && a.used) continue
      await recordAnswer(db, a.attemptId, a.result, actor).catch(() => { /* the recovery job records it */ })
    }
  }
}

const pause = () => sleep(25 + Math.random() * 50)

/** The payment attempts a change has asked the gateway under so far. */
const attemptIdsOf = (known: Map<string, Asked> | undefined) => [...(known?.values() ?? [])].map((a) => a.attemptId)

/**
 * Runs `work` with its gateway calls made straight away. For placement: it makes a new order
 * (new ids, so new idempotency keys) each time it runs, so it must not run again for an
 * answer; its card payment has its own two phases (two-phase.ts).
 */
export function askingDirectly<T>(work: () => Promise<T>): Promise<T> {
  return answers.exit(work)
}

/**
 * Refuses a change of an order while another change's gateway call for it is out; and a
 * change whose own call was recorded meanwhile by the recovery job (it waited too long):
 * the order's money moved under it, so it must be looked at again, not decided twice.
 */
export function refuseWhilePaymentInFlight(order: OrderState): void {
  const inFlight = order.paymentsInFlight ?? []
  const mine = attemptIdsOf(answers.getStore())
  if (inFlight.some((id) => !mine.includes(id))) throw paymentInProgress(order.row.id)
  if (mine.some((id) => !inFlight.includes(id))) {
    throw new DomainError('concurrent_update', 'The payment this change asked for was recorded meanwhile: look at the order again before you repeat it', { orderId: order.row.id })
  }
}

const paymentInProgress = (orderId: string) =>
  new DomainError('payment_in_progress', 'A payment of this order is being asked of the payment gateway: try again in a moment', { orderId })

/** Called by pay() for a capture, void or refund: the answer given ahead, or straight from the gateway. */
export async function askGateway(gateway: PaymentGateway, journal: Journal, order: OrderState, call: LaterCall): Promise<GatewayResult> {
  const known = answers.getStore()
  if (!known) return callLater(gateway, call)
  const asked = known.get(call.idempotencyKey)
  if (!asked || asked.call.operation !== call.operation || asked.call.amount !== call.amount) {
    throw new GatewayNeeded(call, gateway, order.loadedVersion ?? order.row.version)
  }
  asked.used = true
  // Recorded with the change's payment, in its statement: never twice (see recordAnswer).
  journal.also({
    update: (db) => db.updateTable('payment_attempts').set({ state: 'recorded', result: asked.result.status, recorded_at: new Date() })
      .where('id', '=', asked.attemptId),
  })
  return asked.result
}

function callLater(gateway: PaymentGateway, call: LaterCall): Promise<GatewayResult> {
  const req = { amount: call.amount, currency: call.currency, idempotencyKey: call.idempotencyKey, authorization: call.authorization }
  return callGateway(() => call.operation === 'CAPTURE' ? gateway.capture(req) : call.operation === 'VOID' ? gateway.void(req) : gateway.refund(req))
}

/** Writes the call down as a started attempt, then asks the gateway with no transaction open. */
async function askOutside(db: Database, needed: GatewayNeeded, mine: string[]): Promise<Asked | undefined> {
  const attemptId = await inTransaction(db, (trx) => startAttempt(trx, needed, mine))
  if (!attemptId) return undefined
  return { attemptId, call: needed.call, result: await callLater(needed.gateway, needed.call), used: false }
}

/**
 * The attempt under the call's key: a new one, or one whose answer was a failure, asked again
 * under its key as the synchronous path always did. A key another change is asking under
 * (two refunds of one order at once work out the same key) waits until that one is recorded,
 * and the change then decides again from the order as it is.
 */
async function startAttempt(trx: Database, { call, orderVersion }: GatewayNeeded, mine: string[]): Promise<string | undefined> {
  // Under the order's lock: the order is as the change saw it (else it decides again), and no
  // other change is in the middle of its own call.
  const order = await trx.selectFrom('orders').select('version').where('id', '=', call.orderId).forUpdate().executeTakeFirst()
  if (order?.version !== orderVersion) return undefined
  const others = await trx.selectFrom('payment_attempts').select('id')
    .where('order_id', '=', call.orderId).where('state', '=', 'started').where('operation', 'in', laterOperations)
    .where('gateway_key', '<>', call.idempotencyKey).execute()
  if (others.some((o) => !mine.includes(o.id))) throw paymentInProgress(call.orderId)
  const row = await trx.insertInto('payment_attempts').values({
    id: uuidv7(), order_id: call.orderId, gateway_key: call.idempotencyKey, operation: call.operation, amount: call.amount,
    currency: call.currency, token: null, held: false, request_key: null, state: 'started', result: null, recorded_at: null,
    authorization_ref: call.authorization, delivery_id: call.deliveryId, message: call.message,
  }).onConflict((oc) => oc.column('gateway_key').doUpdateSet({
    state: 'started', amount: sql`excluded.amount`, result: null, recorded_at: null, started_at: sql`now()`,
  }).where('payment_attempts.state', '=', 'recorded').where('payment_attempts.result', '=', 'failed'))
    .returning('id').executeTakeFirst()
  if (!row) throw paymentInProgress(call.orderId)
  return row.id
}

/**
 * Records a started attempt's answer on its order, in a short transaction of its own: the
 * money the gateway moved (or the failure), with a history entry and the order's amounts.
 * Nothing when the attempt was recorded already (by its change, or by another run of this).
 */
async function recordAnswer(db: Database, attemptId: string, result: GatewayResult, actor: Actor): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { attempt, order } = await lockAttempt(trx, attemptId)
    if (attempt.state === 'recorded') return
    const journal = new Journal(actor)
    recordResult({ journal }, order, {
      operation: attempt.operation, amount: attempt.amount, deliveryId: attempt.delivery_id,
      message: `${attempt.message ?? attempt.operation}: answered after the change that asked for it went another way`,
    }, result)
    await journal.flush(trx, ...orderUpdates(order), {
      update: (u) => u.updateTable('payment_attempts').set({ state: 'recorded', result: result.status, recorded_at: new Date() }).where('id', '=', attempt.id),
    })
  })
}

/**
 * The recovery job's part for changes: captures, voids and refunds started more than
 * `olderThanMs` ago and never recorded (the process died while asking) are asked again under
 * their key and recorded; until then the order's other changes wait or are refused. A change
 * still waiting for its answer that long is refused when it comes back (see above).
 */
export async function recoverLaterPayments(db: Database, gateway: PaymentGateway, olderThanMs: number): Promise<number> {
  const stale = await db.selectFrom('payment_attempts').selectAll()
    .where('state', '=', 'started').where('operation', 'in', laterOperations)
    .where('started_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
    .orderBy('started_at').limit(200).execute()
  const actor = systemActor('payment-recovery')
  for (const a of stale) {
    const result = await callLater(gateway, {
      operation: a.operation as LaterOperation, orderId: a.order_id, deliveryId: a.delivery_id, authorization: a.authorization_ref ?? '',
      message: a.message, amount: a.amount, currency: a.currency, idempotencyKey: a.gateway_key,
    })
    await recordAnswer(db, a.id, result, actor)
  }
  return stale.length
}
