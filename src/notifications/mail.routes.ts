/** The sent-mail outbox, and each shop's e-mail templates, rules and previews. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { Id, responses } from '../http/schemas.ts'
import { recipients, type MailTemplate, type Recipient } from './default-templates.ts'
import { listMail, mailSettings, previewMail, resetTemplate, saveRule, saveTemplate } from './mail.service.ts'

const tags = ['Mail']
const RecipientSchema = Type.Union(recipients.map((r) => Type.Literal(r)))
const Template = Type.Object({
  subject: Type.String({ minLength: 1, maxLength: 1000 }),
  text: Type.String({ minLength: 1, maxLength: 100_000 }),
  html: Type.String({ minLength: 1, maxLength: 200_000 }),
}, { additionalProperties: false })
const Rendered = Type.Object({ subject: Type.String(), text: Type.String(), html: Type.String() })
const ShopParams = Type.Object({ code: Type.String({ maxLength: 24 }) })
const TemplateParams = Type.Object({ code: Type.String({ maxLength: 24 }), event: Type.String({ maxLength: 60 }), recipient: RecipientSchema })
type TemplateParams = { code: string; event: string; recipient: Recipient }

export function mailRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.get<{ Querystring: { shop?: string; orderId?: string; before?: number; limit: number } }>('/mail', {
    config: { permission: 'mail.read' },
    schema: {
      tags, summary: 'E-mails sent (or kept in the outbox when no SMTP server is configured), newest first',
      querystring: Type.Object({
        shop: Type.Optional(Type.String({ maxLength: 24 })), orderId: Type.Optional(Id),
        before: Type.Optional(Type.Integer({ minimum: 1 })), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
      }, { additionalProperties: false }),
    },
  }, async (req) => listMail(db, req.actor, req.query))

  app.get<{ Params: { code: string } }>('/shops/:code/mail/templates', {
    config: { permission: 'templates.manage' },
    schema: { tags, summary: "The shop's e-mails: template, on/off and recipients per event and recipient", params: ShopParams },
  }, async (req) => ({ items: await mailSettings(db, req.actor, req.params.code) }))

  app.put<{ Params: TemplateParams; Body: MailTemplate }>('/shops/:code/mail/templates/:event/:recipient', {
    config: { permission: 'templates.manage' },
    schema: { tags, summary: 'Replace a template (LiquidJS; subject, plain text and HTML)', params: TemplateParams, body: Template },
  }, async (req) => inTransaction(db, (trx) => saveTemplate(trx, req.actor, req.params.code, req.params.event, req.params.recipient, req.body)))

  app.delete<{ Params: TemplateParams }>('/shops/:code/mail/templates/:event/:recipient', {
    config: { permission: 'templates.manage' },
    schema: { tags, summary: 'Go back to the built-in template', params: TemplateParams, response: responses({ 204: Type.Null() }) },
  }, async (req, reply) => {
    await inTransaction(db, (trx) => resetTemplate(trx, req.actor, req.params.code, req.params.event, req.params.recipient))
    return reply.status(204).send()
  })

  app.put<{ Params: TemplateParams; Body: { enabled: boolean; addresses?: string[] } }>('/shops/:code/mail/rules/:event/:recipient', {
    config: { permission: 'templates.manage' },
    schema: {
      tags, summary: 'Switch an e-mail on or off; set who gets it instead of (or, for the shop, as) its recipients', params: TemplateParams,
      body: Type.Object({
        enabled: Type.Boolean(),
        addresses: Type.Optional(Type.Array(Type.String({ format: 'email', maxLength: 254 }), { maxItems: 50 })),
      }, { additionalProperties: false }),
    },
  }, async (req) => inTransaction(db, (trx) => saveRule(trx, req.actor, req.params.code, req.params.event, req.params.recipient, req.body)))

  app.post<{ Params: { code: string }; Body: { event: string; recipient: Recipient; orderId: string; template?: MailTemplate } }>('/shops/:code/mail/preview', {
    config: { permission: 'templates.manage' },
    schema: {
      tags, summary: 'Render a template with a real order, sending nothing', params: ShopParams,
      body: Type.Object({ event: Type.String({ maxLength: 60 }), recipient: RecipientSchema, orderId: Id, template: Type.Optional(Template) }, { additionalProperties: false }),
      response: responses({ 200: Rendered }),
    },
  }, async (req) => previewMail(db, req.actor, req.params.code, req.body))
}
