/** A shop's templates and rules through the API, template previews, and the sent-mail list. */
import { sql } from 'kysely'
import type { Actor } from '../auth/actor.ts'
import { recordAudit } from '../auth/audit.ts'
import type { Database } from '../db/database.ts'
import { DomainError } from '../http/errors.ts'
import { findOrderHeader } from '../orders/order.repo.ts'
import { eventTypes } from '../orders/events.ts'
import { getShop } from '../shops/shop.service.ts'
import type { MailTemplate, Recipient } from './default-templates.ts'
import { mailContext } from './mail-context.ts'
import { checkTemplate, renderMail } from './mail-render.ts'
import { shopMailSettings, templateFor } from './mail-templates.repo.ts'

function checkEvent(event: string): void {
  if (!(eventTypes as readonly string[]).includes(event)) {
    throw new DomainError('validation_failed', `event: unknown ${event}`, { errors: [{ in: 'params', path: 'event', message: 'unknown event type' }] })
  }
}

export async function mailSettings(db: Database, actor: Actor, shop: string) {
  await getShop(db, actor, shop)
  return shopMailSettings(db, shop)
}

export async function saveTemplate(trx: Database, actor: Actor, shop: string, event: string, recipient: Recipient, t: MailTemplate) {
  await getShop(trx, actor, shop)
  checkEvent(event)
  checkTemplate(t)
  await trx.insertInto('mail_templates').values({ shop_code: shop, event, recipient, subject: t.subject, text_body: t.text, html_body: t.html })
    .onConflict((oc) => oc.columns(['shop_code', 'event', 'recipient']).doUpdateSet({ subject: t.subject, text_body: t.text, html_body: t.html, updated_at: sql`now()` }))
    .execute()
  await recordAudit(trx, actor, 'mail.template', 'shop', shop, { event, recipient }, [shop])
  return { event, recipient, custom: true, ...t }
}

/** Back to the built-in template. */
export async function resetTemplate(trx: Database, actor: Actor, shop: string, event: string, recipient: Recipient) {
  await getShop(trx, actor, shop)
  await trx.deleteFrom('mail_templates').where('shop_code', '=', shop).where('event', '=', event).where('recipient', '=', recipient).execute()
  await recordAudit(trx, actor, 'mail.template_reset', 'shop', shop, { event, recipient }, [shop])
}

export async function saveRule(trx: Database, actor: Actor, shop: string, event: string, recipient: Recipient, rule: { enabled: boolean; addresses?: string[] }) {
  await getShop(trx, actor, shop)
  checkEvent(event)
  const addresses = rule.addresses ?? []
  await trx.insertInto('mail_rules').values({ shop_code: shop, event, recipient, enabled: rule.enabled, addresses })
    .onConflict((oc) => oc.columns(['shop_code', 'event', 'recipient']).doUpdateSet({ enabled: rule.enabled, addresses, updated_at: sql`now()` }))
    .execute()
  await recordAudit(trx, actor, 'mail.rule', 'shop', shop, { event, recipient, ...rule }, [shop])
  return { event, recipient, enabled: rule.enabled, addresses }
}

/** Renders a template (the one given, else the shop's) with a real order, without sending anything. */
export async function previewMail(db: Database, actor: Actor, shop: string, input: { event: string; recipient: Recipient; orderId: string; template?: MailTemplate }) {
  await getShop(db, actor, shop)
  checkEvent(input.event)
  const order = await findOrderHeader(actor, db, input.orderId)
  if (order.shop_code !== shop) throw new DomainError('order_not_found', `Order ${input.orderId} is not one of ${shop}'s`)
  const template = input.template ?? (await templateFor(db, shop, input.event, input.recipient))?.template
  if (!template) throw new DomainError('not_found', `${shop} has no template for ${input.event} to ${input.recipient}`)
  const last = await db.selectFrom('events').select('payload').where('order_id', '=', order.id).where('type', '=', input.event).orderBy('id', 'desc').limit(1).executeTakeFirst()
  return renderMail(template, await mailContext(db, shop, order.id, { type: input.event, ...(last?.payload ?? {}) }))
}

export async function listMail(db: Database, actor: Actor, q: { shop?: string; orderId?: string; before?: number; limit: number }) {
  const rows = await db.selectFrom('mail_messages').selectAll()
    .$if(actor.shops !== null, (b) => b.where('shop_code', 'in', actor.shops!.length ? [...actor.shops!] : ['']))
    .$if(q.shop !== undefined, (b) => b.where('shop_code', '=', q.shop!))
    .$if(q.orderId !== undefined, (b) => b.where('order_id', '=', /^[0-9a-f-]{36}$/i.test(q.orderId!) ? q.orderId! : '00000000-0000-0000-0000-000000000000'))
    .$if(q.before !== undefined, (b) => b.where('id', '<', q.before!))
    .orderBy('id', 'desc').limit(q.limit).execute()
  return {
    items: rows.map((m) => ({
      id: m.id, shop: m.shop_code, orderId: m.order_id, event: m.event, recipient: m.recipient, to: m.to_addresses,
      subject: m.subject, text: m.text_body, html: m.html_body, transport: m.transport, messageId: m.message_id, at: m.created_at.toISOString(),
    })),
    nextBefore: rows.length === q.limit ? rows.at(-1)!.id : null,
  }
}
