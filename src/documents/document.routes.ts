/** An order's documents, and each one's PDF as it was issued. */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { seesShop } from '../auth/actor.ts'
import { DomainError } from '../http/errors.ts'
import { Id, ListOf, responses } from '../http/schemas.ts'
import { findOrderHeader } from '../orders/order.repo.ts'
import { isUuid } from '../shared/ids.ts'
import { documentPdf } from './document-pdf.ts'

const tags = ['Documents']
const Document = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'invoice, credit_note, packing_slip or reminder' }),
  number: Type.String(),
  orderId: Type.String(),
  deliveryId: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
  total: Type.Integer(),
  tax: Type.Integer(),
  issuedAt: Type.String({ format: 'date-time' }),
  url: Type.String({ description: 'Where the PDF is' }),
})

export function documentRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.get<{ Params: { id: string } }>('/orders/:id/documents', {
    config: { permission: 'documents.read' },
    schema: { tags, summary: "The order's invoice, credit notes and packing slips", params: Type.Object({ id: Id }), response: responses({ 200: ListOf(Document) }) },
  }, async (req) => {
    const order = await findOrderHeader(req.actor, db, req.params.id)
    const rows = await db.selectFrom('documents')
      .select(['id', 'kind', 'number', 'order_id', 'delivery_id', 'currency', 'total', 'tax', 'created_at'])
      .where('order_id', '=', order.id).orderBy('created_at').orderBy('id').execute()
    return {
      items: rows.map((r) => ({
        id: r.id, kind: r.kind, number: r.number, orderId: r.order_id, deliveryId: r.delivery_id, currency: r.currency,
        total: r.total, tax: r.tax, issuedAt: r.created_at.toISOString(), url: `/api/v1/documents/${r.id}.pdf`,
      })),
    }
  })

  app.get<{ Params: { id: string }; Querystring: { download?: boolean } }>('/documents/:id.pdf', {
    config: { permission: 'documents.read' },
    schema: {
      tags, summary: 'A document as the PDF that was issued', params: Type.Object({ id: Id }),
      querystring: Type.Object({ download: Type.Optional(Type.Boolean({ description: 'As an attachment rather than inline' })) }),
      response: responses({ 200: Type.String({ description: 'application/pdf' }) }),
    },
  }, async (req, reply) => {
    const row = isUuid(req.params.id)
      ? await db.selectFrom('documents').select(['id', 'shop_code', 'data', 'kind', 'number', 'pdf']).where('id', '=', req.params.id).executeTakeFirst()
      : undefined
    if (!row || !seesShop(req.actor, row.shop_code)) throw new DomainError('document_not_found', `There is no document "${req.params.id}"`)
    const name = `${row.kind}-${row.number}.pdf`.replace(/[^A-Za-z0-9._-]/g, '_')
    return reply.type('application/pdf')
      .header('content-disposition', `${req.query.download ? 'attachment' : 'inline'}; filename="${name}"`)
      .header('cache-control', 'private, max-age=3600')
      .send(await documentPdf(db, row))
  })
}
