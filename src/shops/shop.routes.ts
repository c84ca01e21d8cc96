import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { Code, ListOf, responses } from '../http/schemas.ts'
import { CreateShop, Shop, UpdateShop, type CreateShopInput, type UpdateShopInput } from './shop.schemas.ts'
import { createShop, getShop, listShops, updateShop } from './shop.service.ts'

const tags = ['Shops']
const Params = Type.Object({ code: Code })

export function shopRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.post<{ Body: CreateShopInput }>('/shops', {
    config: { permission: 'shops.write' },
    schema: { tags, summary: 'Open a shop', body: CreateShop, response: responses({ 201: Shop }) },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => createShop(trx, req.actor, req.body))))

  app.get('/shops', {
    config: { permission: 'shops.read' },
    schema: { tags, summary: 'List shops', response: responses({ 200: ListOf(Shop) }) },
  }, async (req) => ({ items: await listShops(db, req.actor) }))

  app.get<{ Params: { code: string } }>('/shops/:code', {
    config: { permission: 'shops.read' },
    schema: { tags, summary: 'A shop and its settings', params: Params, response: responses({ 200: Shop }) },
  }, async (req) => getShop(db, req.actor, req.params.code))

  app.patch<{ Params: { code: string }; Body: UpdateShopInput }>('/shops/:code', {
    config: { permission: 'shops.write' },
    schema: { tags, summary: 'Change a shop and its settings', params: Params, body: UpdateShop, response: responses({ 200: Shop }) },
  }, async (req) => inTransaction(db, (trx) => updateShop(trx, req.actor, req.params.code, req.body)))
}
