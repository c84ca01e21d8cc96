/** Streaming order exports, the export pipeline's exporters, and the per-order export block. */
import { Readable } from 'node:stream'
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { Id, ListOf, responses } from '../http/schemas.ts'
import { loadWorkerSettings } from '../jobs/worker-settings.ts'
import { orderFilterProperties as filterFields } from './order-filter.schema.ts'
import { exportFormats, mediaTypes, type ExportFormat } from './export-formats.ts'
import { encodeOrders } from './order-encode.ts'
import { exportStates } from './export-states.ts'
import { createExporter, deleteExporter, listExporters, setExportBlock, type ExporterInput } from './exporter.service.ts'
import { streamOrders } from './order-stream.ts'
import { checkExportFilter, type ExportFilter } from './export-filter.ts'
import { streamOrdersCsv } from './order-csv.ts'

const tags = ['Exports']
const ExportQuery = Type.Object({
  format: Type.Union(exportFormats.map((f) => Type.Literal(f)), { default: 'csv' }),
  ...filterFields,
}, { additionalProperties: false })

const State = Type.Union(exportStates.map((s) => Type.Literal(s)))
const Exporter = Type.Object({
  id: Type.String(), shop: Type.String(), name: Type.String(), state: Type.String(), kind: Type.String(), format: Type.String(),
  target: Type.String(), nextState: Type.Union([Type.String(), Type.Null()]), position: Type.Integer(), active: Type.Boolean(), createdAt: Type.String(),
})
const NewExporter = Type.Object({
  shop: Type.String({ minLength: 1, maxLength: 24 }), name: Type.String({ minLength: 1, maxLength: 100 }), state: State,
  kind: Type.Union([Type.Literal('file'), Type.Literal('http')]),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xml'), Type.Literal('json')]),
  target: Type.String({ minLength: 1, maxLength: 500, description: 'A folder below ORDO_EXPORT_DIR (file) or an http(s) URL (http)' }),
  nextState: Type.Optional(Type.Union([State, Type.Null()])),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })

export function exportRoutes(app: FastifyInstance, { db }: AppContext): void {
  const settings = loadWorkerSettings()

  app.get<{ Querystring: ExportFilter & { format: ExportFormat } }>('/orders/export', {
    config: { permission: 'exports.run' },
    schema: {
      tags, summary: 'Stream every order matching the search filters as CSV, XML or JSON Lines',
      description: 'CSV has one row per order line. Orders are read in batches, never all at once.',
      querystring: ExportQuery,
    },
  }, async (req, reply) => {
    const { format, ...filter } = req.query
    checkExportFilter(db, req.actor, filter)
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')
    reply.header('content-type', mediaTypes[format]).header('content-disposition', `attachment; filename="orders-${stamp}.${format}"`)
    const chunks = format === 'csv' ? streamOrdersCsv(db, req.actor, filter) : encodeOrders(format, streamOrders(db, req.actor, filter))
    return reply.send(Readable.from(chunks))
  })

  app.get('/exporters', {
    config: { permission: 'exports.manage' },
    schema: { tags, summary: 'The export pipeline: exporters per shop and export state', response: responses({ 200: ListOf(Exporter) }) },
  }, async (req) => ({ items: await listExporters(db, req.actor) }))

  app.post<{ Body: ExporterInput }>('/exporters', {
    config: { permission: 'exports.manage' },
    schema: { tags, summary: 'Add an exporter bound to an export state', body: NewExporter, response: responses({ 201: Exporter }) },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => createExporter(trx, req.actor, req.body, settings.webhooksAllowPrivate))))

  app.delete<{ Params: { id: string } }>('/exporters/:id', {
    config: { permission: 'exports.manage' },
    schema: { tags, summary: 'Remove an exporter', params: Type.Object({ id: Id }), response: responses({ 204: Type.Null() }) },
  }, async (req, reply) => {
    await inTransaction(db, (trx) => deleteExporter(trx, req.actor, req.params.id))
    return reply.status(204).send()
  })

  app.put<{ Params: { id: string }; Body: { blocked: boolean; note?: string } }>('/orders/:id/export-block', {
    config: { permission: 'exports.manage' },
    schema: {
      tags, summary: 'Block or unblock the export of an order', params: Type.Object({ id: Id }),
      body: Type.Object({ blocked: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: responses({ 200: Type.Object({ orderId: Type.String(), blocked: Type.Boolean(), note: Type.Union([Type.String(), Type.Null()]) }) }),
    },
  }, async (req) => inTransaction(db, (trx) => setExportBlock(trx, req.actor, req.params.id, req.body)))
}
