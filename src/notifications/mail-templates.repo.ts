/** A shop's e-mail templates and rules, falling back to the built-in ones. */
import type { Database } from '../db/database.ts'
import { defaultTemplates, recipients, type MailTemplate, type Recipient } from './default-templates.ts'

export interface MailRule { enabled: boolean; addresses: string[] }

export async function templateFor(db: Database, shop: string, event: string, recipient: Recipient): Promise<{ template: MailTemplate; custom: boolean } | undefined> {
  const row = await db.selectFrom('mail_templates').selectAll()
    .where('shop_code', '=', shop).where('event', '=', event).where('recipient', '=', recipient).executeTakeFirst()
  if (row) return { template: { subject: row.subject, text: row.text_body, html: row.html_body }, custom: true }
  const builtIn = defaultTemplates[event]?.[recipient]
  return builtIn && { template: builtIn, custom: false }
}

export async function ruleFor(db: Database, shop: string, event: string, recipient: Recipient): Promise<MailRule> {
  const row = await db.selectFrom('mail_rules').select(['enabled', 'addresses'])
    .where('shop_code', '=', shop).where('event', '=', event).where('recipient', '=', recipient).executeTakeFirst()
  return row ?? { enabled: true, addresses: [] }
}

/** The recipients that have a template (the shop's own or built in) for this event. */
export async function recipientsWithTemplate(db: Database, shop: string | null, event: string): Promise<Recipient[]> {
  const own = shop === null ? [] : await db.selectFrom('mail_templates').select('recipient')
    .where('shop_code', '=', shop).where('event', '=', event).execute()
  return recipients.filter((r) => defaultTemplates[event]?.[r] || own.some((o) => o.recipient === r))
}

/** Every template a shop sends, with its rule: built-in ones and its own. */
export async function shopMailSettings(db: Database, shop: string) {
  const [own, rules] = await Promise.all([
    db.selectFrom('mail_templates').selectAll().where('shop_code', '=', shop).execute(),
    db.selectFrom('mail_rules').selectAll().where('shop_code', '=', shop).execute(),
  ])
  const keys = new Set<string>()
  for (const [event, byRecipient] of Object.entries(defaultTemplates)) for (const r of Object.keys(byRecipient)) keys.add(`${event}|${r}`)
  for (const t of own) keys.add(`${t.event}|${t.recipient}`)
  return [...keys].sort().map((key) => {
    const [event, recipient] = key.split('|') as [string, Recipient]
    const t = own.find((o) => o.event === event && o.recipient === recipient)
    const rule = rules.find((o) => o.event === event && o.recipient === recipient)
    const template = t ? { subject: t.subject, text: t.text_body, html: t.html_body } : defaultTemplates[event]![recipient]!
    return { event, recipient, custom: t !== undefined, enabled: rule?.enabled ?? true, addresses: rule?.addresses ?? [], ...template }
  })
}
