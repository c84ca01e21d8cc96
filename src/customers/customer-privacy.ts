/**
 * GDPR (A28): everything held about a customer, as one JSON document; and erasure, which
 * anonymises the person on the customer, their orders and their e-mails but keeps every
 * amount, line and payment, so the books still add up. Erasing twice changes nothing more.
 */
import { sql } from 'kysely'
import type { Database } from '../db/database.ts'
import { actorColumns, type Actor } from '../auth/actor.ts'
import { recordAudit } from '../auth/audit.ts'
import { customerRowToApi, findCustomerFor, lockCustomerFor } from './customer.service.ts'
import { addHistory, addressesOf, historyOf, notesOf, statsOf, tagsOf } from './customer-profile.ts'

export const ERASED_NAME = 'Erased customer'
const erasedEmail = (id: string) => `erased-${id}@erased.invalid`

export async function exportCustomer(db: Database, actor: Actor, id: string) {
  const row = await findCustomerFor(actor, db, id)
  const orders = await db.selectFrom('orders').selectAll().where('customer_id', '=', id).orderBy('created_at').execute()
  const orderIds = orders.map((o) => o.id)
  const none = ['00000000-0000-0000-0000-000000000000']
  const [lines, deliveries, payments, history, mails, stats, tags] = await Promise.all([
    db.selectFrom('order_lines').selectAll().where('order_id', 'in', orderIds.length ? orderIds : none).execute(),
    db.selectFrom('deliveries').selectAll().where('order_id', 'in', orderIds.length ? orderIds : none).execute(),
    db.selectFrom('payment_transactions').select(['order_id', 'operation', 'amount', 'currency', 'status', 'created_at']).where('order_id', 'in', orderIds.length ? orderIds : none).execute(),
    db.selectFrom('order_history').select(['order_id', 'at', 'type', 'action', 'from_status', 'to_status', 'client_note']).where('order_id', 'in', orderIds.length ? orderIds : none).orderBy('id').execute(),
    db.selectFrom('mail_messages').select(['created_at', 'event', 'recipient', 'to_addresses', 'subject', 'text_body', 'order_id'])
      .where((eb) => eb.or([eb(sql`lower(recipient)`, '=', row.email.toLowerCase()), eb('order_id', 'in', orderIds.length ? orderIds : none)])).orderBy('id').execute(),
    statsOf(db, [id]), tagsOf(db, [id]),
  ])
  await recordAudit(db, actor, 'customer.export', 'customer', id, { orders: orders.length }, row.shops)
  return {
    exportedAt: new Date().toISOString(),
    customer: { ...customerRowToApi(row), tags: tags.get(id)!, ...stats.get(id)! },
    addresses: await addressesOf(db, id, null),
    notes: await notesOf(db, id),
    history: await historyOf(db, id),
    orders: orders.map((o) => ({
      id: o.id, number: o.number, invoiceNumber: o.invoice_number, shop: o.shop_code, status: o.status, placedAt: o.created_at.toISOString(),
      email: o.customer_email, name: o.customer_name, billingAddress: o.billing_address, shippingAddress: o.shipping_address,
      currency: o.currency, total: o.total, captured: o.captured, refunded: o.refunded,
      lines: lines.filter((l) => l.order_id === o.id).map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, amount: l.amount })),
      deliveries: deliveries.filter((d) => d.order_id === o.id).map((d) => ({ number: d.number, status: d.status, carrier: d.carrier, trackingNumber: d.tracking_number, shippedAt: d.shipped_at?.toISOString() ?? null })),
      payments: payments.filter((p) => p.order_id === o.id).map((p) => ({ operation: p.operation, amount: p.amount, currency: p.currency, status: p.status, at: p.created_at.toISOString() })),
      history: history.filter((h) => h.order_id === o.id).map((h) => ({ at: h.at.toISOString(), type: h.type, action: h.action, from: h.from_status, to: h.to_status, clientNote: h.client_note })),
    })),
    emails: mails.map((m) => ({ at: m.created_at.toISOString(), event: m.event, to: m.to_addresses, subject: m.subject, text: m.text_body })),
  }
}

export interface ErasureResult { customerId: string; erasedAt: string; ordersAnonymised: number; alreadyErased: boolean }

export async function eraseCustomer(trx: Database, actor: Actor, id: string, reason: string): Promise<ErasureResult> {
  const row = await lockCustomerFor(actor, trx, id)
  const done = await trx.selectFrom('customer_erasures').selectAll().where('customer_id', '=', id).executeTakeFirst()
  if (done) return { customerId: id, erasedAt: done.at.toISOString(), ordersAnonymised: done.orders_anonymised, alreadyErased: true }

  const email = erasedEmail(id)
  const orderIds = (await trx.selectFrom('orders').select('id').where('customer_id', '=', id).execute()).map((o) => o.id)
  // Country and region stay (tax and the regional figures need them); who and where go.
  const anonymous = (column: 'billing_address' | 'shipping_address') => sql<string>`case when ${sql.ref(column)} is null or ${sql.ref(column)} = 'null'::jsonb then ${sql.ref(column)}
    else jsonb_strip_nulls(jsonb_build_object('name', ${ERASED_NAME}::text, 'street', '(erased)', 'postalCode', '(erased)', 'city', '(erased)',
      'country', ${sql.ref(column)}->>'country', 'region', ${sql.ref(column)}->>'region')) end`
  await trx.updateTable('orders').set({
    customer_email: email, customer_name: ERASED_NAME, billing_address: anonymous('billing_address'), shipping_address: anonymous('shipping_address'), address_text: '', customer_ip: null,
  }).where('customer_id', '=', id).execute()
  if (orderIds.length) await trx.updateTable('order_history').set({ note: null, client_note: null }).where('order_id', 'in', orderIds).where('type', '=', 'note').execute()
  await trx.updateTable('mail_messages').set({ recipient: email, to_addresses: [email], subject: '(erased)', text_body: '(erased)', html_body: '(erased)' })
    .where((eb) => eb.or([eb(sql`lower(recipient)`, '=', row.email.toLowerCase()), ...(orderIds.length ? [eb('order_id', 'in', orderIds)] : [])])).execute()
  await trx.updateTable('customer_notes').set({ text: '(erased)' }).where('customer_id', '=', id).execute()
  await trx.updateTable('customer_history').set({ from_value: null, to_value: null }).where('customer_id', '=', id).where('type', 'in', ['edit', 'merge']).execute()
  await trx.deleteFrom('customer_tags').where('customer_id', '=', id).execute()
  await trx.updateTable('customers').set({ email, name: ERASED_NAME, phone: null, updated_at: new Date() }).where('id', '=', id).execute()

  const erased = await trx.insertInto('customer_erasures').values({ customer_id: id, orders_anonymised: orderIds.length, ...actorColumns(actor) }).returningAll().executeTakeFirstOrThrow()
  await addHistory(trx, actor, id, { type: 'erase', reason })
  await recordAudit(trx, actor, 'customer.erase', 'customer', id, { ordersAnonymised: orderIds.length, reason }, row.shops)
  await trx.insertInto('events').values({ type: 'customer.erased', order_id: null, shop_code: null, payload: JSON.stringify({ customerId: id, ordersAnonymised: orderIds.length }) }).execute()
  return { customerId: id, erasedAt: erased.at.toISOString(), ordersAnonymised: orderIds.length, alreadyErased: false }
}
