/** The interface every payment gateway implements, with the features it declares. */

export type TransactionStatus = 'succeeded' | 'declined' | 'failed'
export type Operation = 'AUTH' | 'AUTH_CAPTURE' | 'CAPTURE' | 'VOID' | 'REFUND' | 'OFFLINE' | 'OVERRIDE'
  /** Money paid back by the shop itself (bank transfer, cash), not through the card gateway. */
  | 'OFFLINE_REFUND'

export interface GatewayFeatures {
  /** Several captures against one authorisation (one per shipped delivery). */
  capturePerShipment: boolean
  /** Capture less than authorised, releasing the rest. */
  partialCapture: boolean
  partialRefund: boolean
  void: boolean
  /** How far a capture may go beyond the authorisation, in basis points of it (0 or absent: not at all). */
  captureOverAuthorizationBp?: number
}

export interface GatewayResult {
  status: TransactionStatus
  /** The gateway's reference of this operation (an authorisation's is used to capture, void and refund). */
  reference?: string
  message?: string
}

export interface GatewayRequest {
  amount: number
  currency: string
  /** The same key always gets the same answer: a retried operation is never executed twice. */
  idempotencyKey: string
}

export interface PaymentGateway {
  readonly name: string
  readonly features: GatewayFeatures
  authorize(req: GatewayRequest & { token: string; capture: boolean }): Promise<GatewayResult>
  capture(req: GatewayRequest & { authorization: string }): Promise<GatewayResult>
  void(req: GatewayRequest & { authorization: string }): Promise<GatewayResult>
  refund(req: GatewayRequest & { authorization: string }): Promise<GatewayResult>
}

/**
 * Calls the gateway. When no answer comes (an error or a hang), the operation may have
 * run all the same, so it is asked again with the same idempotency key: the gateway then
 * answers what it did instead of doing it twice. If no answer ever comes, the result is
 * `failed` and marked `unanswered` (the operation may have run), never an exception.
 */
export async function callGateway(call: () => Promise<GatewayResult>, timeoutMs = 15_000, tries = 3): Promise<Answer> {
  let last: Answer = { status: 'failed', unanswered: true, message: 'No answer from the payment gateway' }
  for (let attempt = 1; attempt <= tries; attempt++) {
    const result = await callOnce(call, timeoutMs)
    if (!result.unanswered) return result
    last = { status: 'failed', unanswered: true, message: `${result.message} (asked ${attempt} times)` }
  }
  return last
}

export type Answer = GatewayResult & { unanswered?: boolean }

async function callOnce(call: () => Promise<GatewayResult>, timeoutMs: number): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<Answer>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'failed', unanswered: true, message: `No answer from the payment gateway within ${timeoutMs} ms` }), timeoutMs)
  })
  try {
    return await Promise.race([call(), timeout])
  } catch (error) {
    return { status: 'failed', unanswered: true, message: `Payment gateway error: ${(error as Error).message}` }
  } finally {
    clearTimeout(timer)
  }
}
