/** The customer an order is placed for: an existing one by id, or a guest by e-mail. */
import type { Database } from '../db/database.ts'
import { findCustomerFor, findOrCreateGuest, type CustomerRow } from '../customers/customer.service.ts'
import type { Actor } from '../auth/actor.ts'
import type { PlaceOrderInput } from './order.schemas.ts'

export function resolveCustomer(trx: Database, actor: Actor, ref: PlaceOrderInput['customer']): Promise<CustomerRow> {
  return 'id' in ref ? findCustomerFor(actor, trx, ref.id) : findOrCreateGuest(trx, ref)
}
