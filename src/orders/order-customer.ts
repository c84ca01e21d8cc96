/** The customer an order is placed for: an existing one by id, or a guest by e-mail. */
import type { Database } from '../db/database.ts'
import { customerVisible, findCustomerFor, findOrCreateGuest, type CustomerRow } from '../customers/customer.service.ts'
import type { Actor } from '../auth/actor.ts'
import type { PlaceOrderInput } from './order.schemas.ts'

export interface OrderCustomer {
  row: CustomerRow
  /** Whether the order's shop joins the customer's shops (and so makes it visible there). */
  attach: boolean
  /** The contact written on the order. */
  email: string
  name: string
}

/**
 * A guest e-mail that belongs to a customer the caller cannot see places the order for that
 * person (their flags still apply) but neither attaches the customer to the caller's shop
 * nor shows its stored data: the order carries the contact the caller gave. Otherwise a
 * shop-limited user could take over another shop's customer by typing its e-mail.
 */
export async function resolveCustomer(trx: Database, actor: Actor, ref: PlaceOrderInput['customer'], known?: CustomerRow): Promise<OrderCustomer> {
  if ('id' in ref) {
    // Read with the rest of the placement (placement-reads.ts) when it exists and is visible.
    const row = known?.id === ref.id && customerVisible(actor, known) ? known : await findCustomerFor(actor, trx, ref.id)
    return { row, attach: true, email: row.email, name: row.name }
  }
  const { row, created } = await findOrCreateGuest(trx, ref)
  if (created || customerVisible(actor, row)) return { row, attach: true, email: row.email, name: row.name }
  return { row, attach: false, email: ref.email, name: ref.name }
}
