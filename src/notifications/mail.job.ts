/**
 * Sends one event's e-mail to one recipient: checks the shop's rule, renders its template
 * with the order as it is now, sends it (SMTP or outbox) and records it. A retried job finds
 * the message already recorded and stops there. The worker hands over its claimed mail jobs
 * together (sendMailBatch), so a rush of orders is mailed in batches, not one by one.
 */
import type { Insertable } from 'kysely'
import type { Database } from '../db/database.ts'
import type { MailMessagesTable } from '../db/tables/jobs.ts'
import type { BatchOutcome, JobDeps, JobKind } from '../jobs/job-kind.ts'
import { PermanentJobError } from '../jobs/job-kind.ts'
import { backoff, type JobRow } from '../jobs/queue.ts'
import type { Recipient } from './default-templates.ts'
import { batchMemo, mailContext, noMemo, type Memo } from './mail-context.ts'
import { renderMail } from './mail-render.ts'
import { ruleFor, templateFor } from './mail-templates.repo.ts'
import { smtpSender, type SmtpSender } from './mail-transport.ts'
import { voucherAttachments } from '../vouchers/mail-items.ts'
import { documentAttachments } from '../documents/document-mail.ts'

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

type Composed = { skipped: string } | { row: Insertable<MailMessagesTable>; to: string[] }

/** Renders and sends one e-mail (SMTP, when set up); the caller records it in the outbox. */
async function composeOrderMail({ db }: JobDeps, m: OrderMail, memo: Memo, smtp: SmtpSender | undefined): Promise<Composed> {
  const key = `${m.shop}|${m.event}|${m.recipient}`
  const [rule, found] = await Promise.all([
    memo(`rule|${key}`, () => ruleFor(db, m.shop, m.event, m.recipient)),
    memo(`template|${key}`, () => templateFor(db, m.shop, m.event, m.recipient)),
  ])
  if (!rule.enabled) return { skipped: 'switched off for this shop' }
  if (!found) return { skipped: 'no template' }
  const context = await mailContext(db, m.shop, m.orderId, { type: m.event, ...m.payload }, memo)
  const to = rule.addresses.length > 0 ? rule.addresses : m.recipient === 'customer' ? customerAddress(context.order, m.payload) : []
  if (to.length === 0) return { skipped: 'no recipient addresses' }

  const mail = await renderMail(found.template, context)
  // Voucher PDFs go with the e-mail of the delivery that sold them; documents with their own e-mails.
  const attachments = smtp && m.recipient === 'customer' ? await voucherAttachments(db, m.event, m.orderId) : []
  if (smtp) attachments.push(...await documentAttachments(db, m.shop, m.payload))
  const messageId = smtp ? await smtp.send(to, mail, attachments) : null
  return {
    to,
    row: {
      shop_code: m.shop, order_id: m.orderId, event_id: m.eventId, event: m.event, recipient: m.recipient,
      to_addresses: to, subject: mail.subject, text_body: mail.text, html_body: mail.html,
      transport: smtp ? 'smtp' : 'outbox', message_id: messageId,
    },
  }
}

/** Records sent e-mails in the outbox, one statement for all; a message recorded before (a retry) is kept. */
async function recordMails(db: Database, rows: Insertable<MailMessagesTable>[]) {
  if (rows.length === 0) return []
  return db.insertInto('mail_messages').values(rows)
    .onConflict((oc) => oc.columns(['event_id', 'recipient']).doNothing()).returning(['id', 'event_id', 'recipient']).execute()
}

export async function sendOrderMail(deps: JobDeps, m: OrderMail): Promise<MailOutcome> {
  const smtp = deps.settings.smtpUrl ? smtpSender(deps.settings.smtpUrl, deps.settings.mailFrom) : undefined
  const composed = await composeOrderMail(deps, m, noMemo, smtp).finally(() => smtp?.close())
  if ('skipped' in composed) return composed
  const [row] = await recordMails(deps.db, [composed.row])
  return { messageId: row?.id ?? null, to: composed.to }
}

/** The order's customer; for events before any order (a quote, a handed-back draft), the one the event names. */
function customerAddress(order: { customer: { email: string } } | undefined, payload: Record<string, unknown>): string[] {
  if (order) return [order.customer.email]
  return typeof payload.customerEmail === 'string' && payload.customerEmail ? [payload.customerEmail] : []
}

type MailJobPayload = { eventId: number; recipient: Recipient }

export const mailJob: JobKind = {
  maxAttempts: 6,
  retryIn: backoff(60_000, 3, 3_600_000),
  async run({ job, deps }) {
    const [outcome] = await sendMailBatch(deps, [job])
    if ('error' in outcome) throw outcome.error
    return outcome.result
  },
  runBatch: sendMailBatch,
}

/** Mails rendered and sent at once (on PostgreSQL over several connections). */
const concurrency = 4

/**
 * The e-mails of many jobs at once: their events and the messages already recorded are read
 * in one statement each, rules, templates, shops and orders once per batch, and the
 * messages recorded in one insert. Each job gets its own outcome: one bad template fails
 * its own job, not the batch.
 */
export async function sendMailBatch(deps: JobDeps, jobs: JobRow[]): Promise<BatchOutcome[]> {
  const { db } = deps
  const wanted = jobs.map((job) => job.payload as MailJobPayload)
  const eventIds = [...new Set(wanted.map((w) => w.eventId))]
  const [events, recorded] = await Promise.all([
    db.selectFrom('events').selectAll().where('id', 'in', eventIds).execute(),
    db.selectFrom('mail_messages').select(['id', 'event_id', 'recipient']).where('event_id', 'in', eventIds).execute(),
  ])
  const eventOf = new Map(events.map((e) => [Number(e.id), e]))
  const recordedOf = (w: MailJobPayload) => recorded.find((r) => Number(r.event_id) === w.eventId && r.recipient === w.recipient)
  const memo = batchMemo()
  const { smtpUrl, mailFrom } = deps.settings
  const smtp = smtpUrl ? smtpSender(smtpUrl, mailFrom) : undefined
  const composed = await mapLimit(wanted, concurrency, async (w): Promise<Composed | { already: number } | { error: unknown }> => {
    const event = eventOf.get(w.eventId)
    if (!event?.shop_code) return { error: new PermanentJobError(`No event ${w.eventId} with a shop`) }
    const sent = recordedOf(w)
    if (sent) return { already: sent.id }
    try {
      return await composeOrderMail(deps, { shop: event.shop_code, orderId: event.order_id, eventId: w.eventId, event: event.type, recipient: w.recipient, payload: event.payload }, memo, smtp)
    } catch (error) {
      return { error }
    }
  }).finally(() => smtp?.close())
  const rows = composed.flatMap((c) => ('row' in c ? [c.row] : []))
  let saved: Awaited<ReturnType<typeof recordMails>>
  try {
    saved = await recordMails(db, rows)
  } catch (error) {
    return jobs.map(() => ({ error }))
  }
  return composed.map((c, i): BatchOutcome => {
    if ('error' in c) return { error: c.error }
    if ('already' in c) return { result: { messageId: c.already, already: true } }
    if ('skipped' in c) return { result: c }
    const row = saved.find((r) => Number(r.event_id) === wanted[i].eventId && r.recipient === wanted[i].recipient)
    return { result: { messageId: row?.id ?? null, to: c.to } }
  })
}

/** `work` over every item, at most `limit` at a time, the results in the items' order. */
async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const lane = async () => { while (next < items.length) { const i = next++; results[i] = await work(items[i]) } }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return results
}
