/**
 * Moving an order to another customer (A16, seed 003: cleaning up duplicate accounts).
 * The order keeps everything else; the history says who moved it from whom to whom and why.
 */
import { sql } from 'kysely'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { addCustomerShop, findCustomerFor } from '../customers/customer.service.ts'
import { DomainError } from '../http/errors.ts'
import { Journal } from './journal.ts'
import { loadOrderFor, type OrderState } from './order.repo.ts'

export async function reassignCustomer(trx: Database, actor: Actor, orderId: string, input: { customerId: string; note: string }): Promise<OrderState> {
  const order = await loadOrderFor(actor, trx, orderId, true)
  const to = await findCustomerFor(actor, trx, input.customerId)
  const o = order.row
  if (to.id === o.customer_id) throw new DomainError('transition_not_allowed', 'The order already belongs to this customer')
  await addCustomerShop(trx, to.id, o.shop_code)
  const now = new Date()
  await trx.updateTable('orders').set({
    customer_id: to.id, customer_email: to.email, customer_name: to.name, version: sql`version + 1`, updated_at: now,
  }).where('id', '=', o.id).execute()
  const journal = new Journal(actor)
  journal.entry(o.id, 'customer-reassigned', {
    action: 'reassign-customer',
    note: `Customer changed from ${o.customer_name} <${o.customer_email}> (${o.customer_id}) to ${to.name} <${to.email}> (${to.id}): ${input.note}`,
  })
  journal.event('order.customer_reassigned', o.id, o.shop_code, { from: o.customer_id, to: to.id })
  await journal.flush(trx)
  return { ...order, row: { ...o, customer_id: to.id, customer_email: to.email, customer_name: to.name, version: o.version + 1, updated_at: now } }
}
