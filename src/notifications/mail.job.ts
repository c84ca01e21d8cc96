/**
 * Sends one event's e-mail to one recipient: checks the shop's rule, renders its template
 * with the order as it is now, sends it (SMTP or outbox) and records it. A retried job finds
 * the message already recorded and stops there.
 */
import type { JobDeps, JobKind } from '../jobs/job-kind.ts'
import { PermanentJobError } from '../jobs/job-kind.ts'
import { backoff } from '../jobs/queue.ts'
import type { Recipient } from './default-templates.ts'
import { mailContext } from './mail-context.ts'
import { renderMail } from './mail-render.ts'
import { ruleFor, templateFor } from './mail-templates.repo.ts'
import { sendSmtp } from './mail-transport.ts'
import { voucherAttachments } from '../vouchers/mail-items.ts'

export interface OrderMail {
  shop: string
  orderId: string | null
  /** The outbox event it answers; null for a mail sent by hand (bulk). */
  eventId: number | null
  event: string
  recipient: Recipient
  payload: Record<string, unknown>
}

export type MailOutcome = { messageId: number | null; to: string[] } | { skipped: string }

export async function sendOrderMail({ db, settings }: JobDeps, m: OrderMail): Promise<MailOutcome> {
  const rule = await ruleFor(db, m.shop, m.event, m.recipient)
  if (!rule.enabled) return { skipped: 'switched off for this shop' }
  const found = await templateFor(db, m.shop, m.event, m.recipient)
  if (!found) return { skipped: 'no template' }
  const context = await mailContext(db, m.shop, m.orderId, { type: m.event, ...m.payload })
  const to = rule.addresses.length > 0 ? rule.addresses : m.recipient === 'customer' ? customerAddress(context.order, m.payload) : []
  if (to.length === 0) return { skipped: 'no recipient addresses' }

  const mail = await renderMail(found.template, context)
  // Voucher PDFs go with the e-mail of the delivery that sold them.
  const attachments = settings.smtpUrl && m.recipient === 'customer' ? await voucherAttachments(db, m.event, m.orderId) : []
  const messageId = settings.smtpUrl ? await sendSmtp(settings.smtpUrl, settings.mailFrom, to, mail, attachments) : null
  const row = await db.insertInto('mail_messages').values({
    shop_code: m.shop, order_id: m.orderId, event_id: m.eventId, event: m.event, recipient: m.recipient,
    to_addresses: to, subject: mail.subject, text_body: mail.text, html_body: mail.html,
    transport: settings.smtpUrl ? 'smtp' : 'outbox', message_id: messageId,
  }).onConflict((oc) => oc.columns(['event_id', 'recipient']).doNothing()).returning('id').executeTakeFirst()
  return { messageId: row?.id ?? null, to }
}

/** The order's customer; for events before any order (a quote, a handed-back draft), the one the event names. */
function customerAddress(order: { customer: { email: string } } | undefined, payload: Record<string, unknown>): string[] {
  if (order) return [order.customer.email]
  return typeof payload.customerEmail === 'string' && payload.customerEmail ? [payload.customerEmail] : []
}

export const mailJob: JobKind = {
  maxAttempts: 6,
  retryIn: backoff(60_000, 3, 3_600_000),
  async run({ job, deps }) {
    const { eventId, recipient } = job.payload as { eventId: number; recipient: Recipient }
    const event = await deps.db.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst()
    if (!event?.shop_code) throw new PermanentJobError(`No event ${eventId} with a shop`)
    const sent = await deps.db.selectFrom('mail_messages').select('id').where('event_id', '=', eventId).where('recipient', '=', recipient).executeTakeFirst()
    if (sent) return { messageId: sent.id, already: true }
    return { ...await sendOrderMail(deps, { shop: event.shop_code, orderId: event.order_id, eventId, event: event.type, recipient, payload: event.payload }) }
  },
}
