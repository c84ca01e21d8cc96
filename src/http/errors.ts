/**
 * The one catalogue of error codes. Services throw a DomainError with a code from
 * here; the error handler renders it as application/problem+json with that code.
 */
export const errorCatalogue = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  unknown_action: { status: 400, title: 'There is no such action' },
  unauthorized: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'Not allowed' },
  payment_declined: { status: 402, title: 'The payment was declined' },
  not_found: { status: 404, title: 'Not found' },
  shop_not_found: { status: 404, title: 'No such shop' },
  product_not_found: { status: 404, title: 'No such product' },
  warehouse_not_found: { status: 404, title: 'No such warehouse' },
  customer_not_found: { status: 404, title: 'No such customer' },
  order_not_found: { status: 404, title: 'No such order' },
  delivery_not_found: { status: 404, title: 'No such delivery' },
  already_exists: { status: 409, title: 'It already exists' },
  transition_not_allowed: { status: 409, title: 'This action is not allowed now' },
  out_of_stock: { status: 409, title: 'Not enough stock' },
  stock_below_reserved: { status: 409, title: 'On hand cannot go below what is reserved' },
  concurrent_update: { status: 409, title: 'Someone else changed this at the same moment; try again' },
  payment_in_progress: { status: 409, title: 'Another payment operation on this order is under way; try again' },
  unsupported_media_type: { status: 415, title: 'The body must be JSON' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  too_many_attempts: { status: 429, title: 'Too many attempts' },
  csrf_failed: { status: 403, title: 'The CSRF token is missing or wrong' },
  user_not_found: { status: 404, title: 'No such user' },
  // Security: delegation never grants more than the granter holds
  grant_exceeds_own: { status: 403, title: 'You cannot grant a role, permission or shop you do not hold yourself' },
  weak_password: { status: 400, title: 'The password is too weak' },
  amount_out_of_range: { status: 422, title: 'The amount is beyond what Ordo accepts' },
  number_collision: { status: 422, title: 'Numbers from this start were already issued' },
  own_access_change: { status: 403, title: 'Nobody changes their own role or shops' },
  token_not_found: { status: 404, title: 'No such token' },
  role_not_found: { status: 404, title: 'No such role' },
  unknown_sku: { status: 422, title: 'The order names a product that does not exist' },
  price_missing: { status: 422, title: "The product has no price in the shop's currency" },
  currency_mismatch: { status: 422, title: "The currency is not the shop's currency" },
  idempotency_key_reused: { status: 422, title: 'This Idempotency-Key was used with a different request' },
  idempotency_in_progress: { status: 409, title: 'A request with this Idempotency-Key is still running' },
  idempotency_key_invalid: { status: 400, title: 'The Idempotency-Key header is not valid' },
  customer_conflict: { status: 422, title: 'The customer data does not match' },
  payment_failed: { status: 502, title: 'The payment provider failed' },
  template_invalid: { status: 400, title: 'The e-mail template does not parse or render' },
  webhook_target_refused: { status: 422, title: 'Webhooks may only go to public http(s) addresses' },
  webhook_inactive: { status: 409, title: 'The webhook subscription is switched off' },
  job_not_found: { status: 404, title: 'No such job' },
  job_state_conflict: { status: 409, title: 'The job is not in a state that allows this' },
  exporter_not_found: { status: 404, title: 'No such exporter' },
  // After the sale: returns, refunds, order edits
  return_not_found: { status: 404, title: 'No such return' },
  refund_too_large: { status: 422, title: 'The refund is more than was paid and not yet refunded' },
  refund_not_supported: { status: 422, title: 'The payment gateway cannot do this refund' },
  edit_not_allowed: { status: 409, title: 'This change to the order is not possible now' },
  // Money: tax, discount codes, documents, dunning
  discount_not_found: { status: 404, title: 'No such discount code' },
  discount_code_invalid: { status: 422, title: 'The discount code does not apply to this order' },
  discount_code_used_up: { status: 409, title: 'The discount code has been used as often as it may' },
  document_not_found: { status: 404, title: 'No such document' },
  // Drafts, quotes and consultations
  draft_not_found: { status: 404, title: 'No such draft order' },
  quote_not_found: { status: 404, title: 'No such quote' },
  consultation_not_found: { status: 404, title: 'No such consultation request' },
  draft_incomplete: { status: 422, title: 'The draft lacks what an order needs' },
  reason_required: { status: 422, title: 'This change needs a reason' },
  // Vouchers and licences (A20, A21)
  voucher_not_found: { status: 404, title: 'No such voucher' },
  voucher_not_usable: { status: 409, title: 'The voucher cannot be used now' },
  voucher_balance_insufficient: { status: 409, title: 'The voucher does not hold that much' },
  voucher_used: { status: 409, title: 'A voucher sold with this order has been used' },
  voucher_currency_mismatch: { status: 422, title: 'The voucher is for another shop or currency' },
  licence_not_found: { status: 404, title: 'No such licence' },
  licence_revoked: { status: 409, title: 'The licence has been revoked' },
  licence_expired: { status: 409, title: 'The licence has expired' },
  activation_limit_reached: { status: 409, title: 'The licence is active on as many machines as it allows' },
  licence_key_taken: { status: 409, title: 'The licence key exists already' },
  // Customers (A28)
  merge_not_possible: { status: 422, title: 'These customers cannot be merged' },
  internal_error: { status: 500, title: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; title: string }>

export type ErrorCode = keyof typeof errorCatalogue

export class DomainError extends Error {
  readonly code: ErrorCode
  readonly details: Record<string, unknown>

  constructor(code: ErrorCode, detail?: string, details: Record<string, unknown> = {}) {
    super(detail ?? errorCatalogue[code].title)
    this.code = code
    this.details = details
  }

  get status(): number { return errorCatalogue[this.code].status }
}

export interface Problem {
  type: string
  title: string
  status: number
  code: ErrorCode
  detail: string
  [extra: string]: unknown
}

export function problemOf(error: DomainError, instance?: string): Problem {
  const { status, title } = errorCatalogue[error.code]
  // The details come first: they can add to the problem, never overwrite its fields.
  return {
    ...error.details,
    type: `urn:ordo:problem:${error.code}`,
    title, status, code: error.code, detail: error.message,
    ...(instance && { instance }),
  }
}
