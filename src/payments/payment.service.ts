/**
 * Runs one payment operation for an order: calls the gateway where there is one,
 * records the attempt whatever its result, and brings the order's amounts and
 * payment status up to date. It never throws for a declined or failed payment;
 * the caller decides what the result means for the order.
 */
import { uuidv7 } from '../shared/ids.ts'
import type { Journal } from '../orders/journal.ts'
import type { OrderState, TransactionRow } from '../orders/order.repo.ts'
import { callGateway, type GatewayResult, type Operation, type PaymentGateway, type TransactionStatus } from './gateway.ts'
import { amountsOf, owedBy, paymentStatusOf } from './payment-status.ts'
import { askGateway, type LaterOperation } from './gateway-outside.ts'
import type { EventType } from '../orders/events.ts'
import { paymentOperations } from '../ops/metrics.ts'

export interface PaymentContext { gateway: PaymentGateway; journal: Journal }

export interface PaymentRequest {
  operation: Operation
  amount: number
  deliveryId?: string | null
  /** The card token, for an authorisation. */
  token?: string
  /** Why, for offline records and overrides. */
  message?: string
}

const eventOf: Partial<Record<Operation, EventType>> = {
  AUTH: 'payment.authorized', AUTH_CAPTURE: 'payment.captured', CAPTURE: 'payment.captured',
  OFFLINE: 'payment.captured', OVERRIDE: 'payment.overridden', REFUND: 'payment.refunded', VOID: 'payment.voided',
  OFFLINE_REFUND: 'payment.refunded',
}

export async function pay(ctx: PaymentContext, order: OrderState, req: PaymentRequest): Promise<GatewayResult & { status: TransactionStatus }> {
  const result = await execute(ctx, order, req, attemptKey(order, req))
  return recordResult(ctx, order, req, result)
}

/** Records what a payment operation gave: the transaction, the order's amounts and status, history and event. */
export function recordResult(ctx: Pick<PaymentContext, 'journal'>, order: OrderState, req: PaymentRequest, result: GatewayResult): GatewayResult & { status: TransactionStatus } {
  const o = order.row
  paymentOperations.inc({ operation: req.operation, result: result.status })

  const row: TransactionRow = {
    id: uuidv7(), order_id: o.id, delivery_id: req.deliveryId ?? null, operation: req.operation,
    amount: req.amount, currency: o.currency, status: result.status, reference: result.reference ?? null,
    message: result.message ?? req.message ?? null,
    actor_kind: ctx.journal.actor.kind, actor_id: ctx.journal.actor.id, actor_name: ctx.journal.actor.name,
    created_at: new Date(),
  }
  order.transactions.push(row)
  ctx.journal.transaction(row)
  refreshPaymentStatus(order)

  ctx.journal.entry(o.id, 'payment', {
    action: req.operation, deliveryId: req.deliveryId, to: result.status,
    note: `${req.operation} ${formatAmount(req.amount, o.currency)}: ${result.status}${row.message ? ` (${row.message})` : ''}`,
  })
  const event = result.status === 'succeeded' ? eventOf[req.operation] : 'payment.failed'
  if (event) ctx.journal.event(event, o.id, o.shop_code, { operation: req.operation, amount: req.amount, status: result.status, deliveryId: req.deliveryId ?? null })
  return result as GatewayResult & { status: TransactionStatus }
}

async function execute({ gateway, journal }: PaymentContext, order: OrderState, req: PaymentRequest, idempotencyKey: string): Promise<GatewayResult> {
  const { amount, operation } = req
  const currency = order.row.currency
  const authorization = authorizationOf(order)
  switch (operation) {
    case 'OFFLINE':
    case 'OVERRIDE':
    case 'OFFLINE_REFUND':
      return { status: 'succeeded' }
    case 'AUTH':
    case 'AUTH_CAPTURE':
      return callGateway(() => gateway.authorize({ amount, currency, idempotencyKey, token: req.token ?? '', capture: operation === 'AUTH_CAPTURE' }))
    default: {
      // Money received offline is paid back offline, by the shop.
      if (!authorization) return operation === 'REFUND' ? { status: 'succeeded', message: req.message ?? 'Refund paid out offline' } : { status: 'failed', message: 'No authorisation to act on' }
      // Asked outside the change's transaction where the change runs in gateway-outside.ts.
      return askGateway(gateway, journal, order, {
        operation: operation as LaterOperation, orderId: order.row.id, deliveryId: req.deliveryId ?? null, message: req.message ?? null,
        amount, currency, idempotencyKey, authorization,
      })
    }
  }
}

/**
 * The idempotency key of this attempt. After a definite answer (succeeded or declined)
 * the next attempt is a new one; after a failure, which may hide an operation that ran
 * and lost its answer, the retry reuses the key, so the gateway answers it instead of
 * charging twice. A retried database transaction computes the same key too.
 */
function attemptKey(order: OrderState, req: PaymentRequest): string {
  const target = req.deliveryId ?? 'order'
  const settled = order.transactions.filter((t) =>
    t.operation === req.operation && (t.delivery_id ?? 'order') === target && t.status !== 'failed').length
  return `${order.row.id}:${req.operation}:${target}:${settled}`
}

/** The gateway reference of the order's successful authorisation, if it has one. */
export function authorizationOf(order: OrderState): string | undefined {
  return order.transactions.find((t) => (t.operation === 'AUTH' || t.operation === 'AUTH_CAPTURE') && t.status === 'succeeded')?.reference ?? undefined
}

/** Authorised by the gateway and neither captured nor voided yet. */
export function uncapturedAuthorization(order: OrderState): number {
  let open = 0
  for (const t of order.transactions) {
    if (t.status !== 'succeeded') continue
    if (t.operation === 'AUTH') open += t.amount
    if (t.operation === 'CAPTURE' || t.operation === 'VOID') open -= t.amount
  }
  return Math.max(0, open)
}

export { owedBy }

export const outstandingOf = (order: OrderState): number => owedBy(order.row)

export function refreshPaymentStatus(order: OrderState): void {
  const o = order.row
  const amounts = amountsOf(order.transactions)
  const voided = order.transactions.some((t) => t.operation === 'VOID' && t.status === 'succeeded')
  o.authorized = amounts.authorized
  o.captured = amounts.captured
  o.refunded = amounts.refunded
  o.payment_status = paymentStatusOf(amounts, o.total, o.payment_advised, voided)
}

export const formatAmount = (minor: number, currency: string) => `${currency} ${(minor / 100).toFixed(2)}`
