import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { Code, ListOf, responses, Sku } from '../http/schemas.ts'
import { CreateWarehouse, SetStock, Stock, StockLevel, Warehouse, type CreateWarehouseInput } from './inventory.schemas.ts'
import { adjustOnHand, createWarehouse, listWarehouses, setOnHand, stockOf } from './inventory.service.ts'

const tags = ['Inventory']

export function inventoryRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.post<{ Body: CreateWarehouseInput }>('/warehouses', {
    config: { permission: 'stock.write' },
    schema: { tags, summary: 'Add a warehouse', body: CreateWarehouse, response: responses({ 201: Warehouse }) },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => createWarehouse(trx, req.body))))

  app.get('/warehouses', {
    config: { permission: 'stock.read' },
    schema: { tags, summary: 'List warehouses', response: responses({ 200: ListOf(Warehouse) }) },
  }, async () => ({ items: await listWarehouses(db) }))

  app.put<{ Params: { code: string; sku: string }; Body: { onHand: number } }>('/warehouses/:code/stock/:sku', {
    config: { permission: 'stock.write' },
    schema: {
      tags, summary: 'Set the counted stock on hand', params: Type.Object({ code: Code, sku: Sku }),
      body: SetStock, response: responses({ 200: StockLevel }),
    },
  }, async (req) => inTransaction(db, (trx) => setOnHand(trx, req.params.code, req.params.sku, req.body.onHand)))

  app.post<{ Params: { code: string; sku: string }; Body: { delta: number; reason?: string } }>('/warehouses/:code/stock/:sku/adjustments', {
    config: { permission: 'stock.write' },
    schema: {
      tags, summary: 'Add goods received (positive) or write off goods (negative), relative to what is on hand now',
      params: Type.Object({ code: Code, sku: Sku }),
      body: Type.Object({
        delta: Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000, not: { const: 0 } }),
        reason: Type.Optional(Type.String({ maxLength: 500 })),
      }, { additionalProperties: false }),
      response: responses({ 200: StockLevel }),
    },
  }, async (req) => inTransaction(db, (trx) => adjustOnHand(trx, req.params.code, req.params.sku, req.body.delta)))

  app.get<{ Params: { sku: string } }>('/stock/:sku', {
    config: { permission: 'stock.read' },
    schema: { tags, summary: 'Stock of a product in every warehouse', params: Type.Object({ sku: Sku }), response: responses({ 200: Stock }) },
  }, async (req) => stockOf(db, req.params.sku))
}
