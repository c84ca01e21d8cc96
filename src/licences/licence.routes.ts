/** The Licences area over HTTP (A21). */
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { ListOf, responses, Sku } from '../http/schemas.ts'
import { Activate, ImportPool, Licence, LicenceEntry, LicenceQuery, Renew, Revoke, type LicenceQueryInput } from './licence.schemas.ts'
import { activate, deactivate, getLicence, importPool, licenceHistory, listLicences, renew, revoke } from './licence.service.ts'

const tags = ['Licences']
const Params = Type.Object({ key: Type.String({ minLength: 1, maxLength: 100 }) })
type P = { Params: { key: string } }
const keyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String()) })

export function licenceRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.get<{ Querystring: LicenceQueryInput }>('/licences', {
    config: { permission: 'licences.read' },
    schema: { tags, summary: 'Search licence keys', querystring: LicenceQuery, response: responses({ 200: ListOf(Licence) }) },
  }, async (req) => listLicences(db, req.actor, req.query))

  app.get<P>('/licences/:key', {
    config: { permission: 'licences.read' },
    schema: { tags, summary: 'A licence with its activations', params: Params, response: responses({ 200: Licence }) },
  }, async (req) => getLicence(db, req.actor, req.params.key))

  app.get<P>('/licences/:key/history', {
    config: { permission: 'licences.read' },
    schema: { tags, summary: 'Every change of the licence', params: Params, response: responses({ 200: ListOf(LicenceEntry) }) },
  }, async (req) => licenceHistory(db, req.actor, req.params.key))

  app.post<P & { Body: { machine: string } }>('/licences/:key/activations', {
    config: { permission: 'licences.manage' },
    schema: {
      tags, summary: 'Activate the licence on a machine, up to its limit',
      description: 'Activating a machine that is already active changes nothing. The limit holds under parallel requests.',
      params: Params, headers: keyHeader, body: Activate, response: responses({ 201: Licence }),
    },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => activate(trx, req.actor, req.params.key, req.body.machine))))

  app.delete<{ Params: { key: string; activation: string } }>('/licences/:key/activations/:activation', {
    config: { permission: 'licences.manage' },
    schema: { tags, summary: 'Deactivate one machine', params: Type.Object({ key: Type.String({ maxLength: 100 }), activation: Type.String({ maxLength: 64 }) }), response: responses({ 200: Licence }) },
  }, async (req) => inTransaction(db, (trx) => deactivate(trx, req.actor, req.params.key, req.params.activation)))

  app.post<P & { Body: { expiresAt: string; note?: string } }>('/licences/:key/renew', {
    config: { permission: 'licences.manage' },
    schema: { tags, summary: 'Renew: a new expiry date, e-mailed to the customer', params: Params, headers: keyHeader, body: Renew, response: responses({ 200: Licence }) },
  }, async (req, reply) => reply.status(200).send(await inTransaction(db, (trx) => renew(trx, req.actor, req.params.key, req.body.expiresAt, req.body.note))))

  app.post<P & { Body: { reason: string } }>('/licences/:key/revoke', {
    config: { permission: 'licences.manage' },
    schema: { tags, summary: 'Revoke the licence', params: Params, headers: keyHeader, body: Revoke, response: responses({ 200: Licence }) },
  }, async (req, reply) => reply.status(200).send(await inTransaction(db, (trx) => revoke(trx, req.actor, req.params.key, req.body.reason))))

  app.post<{ Params: { sku: string }; Body: { keys: string[] } }>('/products/:sku/licence-pool', {
    config: { permission: 'licences.manage' },
    schema: {
      tags, summary: "Import keys into a licence product's pool; they are handed out before any key is generated",
      params: Type.Object({ sku: Sku }), headers: keyHeader, body: ImportPool,
      response: responses({ 201: Type.Object({ imported: Type.Integer(), duplicates: Type.Integer(), available: Type.Integer() }) }),
    },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => importPool(trx, req.params.sku, req.body.keys))))
}
