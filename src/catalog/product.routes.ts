import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { ListOf, responses, Sku } from '../http/schemas.ts'
import { CreateProduct, Product, UpdateProduct, type CreateProductInput, type UpdateProductInput } from './product.schemas.ts'
import { createProduct, getProduct, listProducts, updateProduct } from './product.service.ts'

const tags = ['Catalogue']
const Params = Type.Object({ sku: Sku })

export function productRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.post<{ Body: CreateProductInput }>('/products', {
    config: { permission: 'catalog.write' },
    schema: { tags, summary: 'Add a product', body: CreateProduct, response: responses({ 201: Product }) },
  }, async (req, reply) => reply.status(201).send(await inTransaction(db, (trx) => createProduct(trx, req.body))))

  app.get('/products', {
    config: { permission: 'catalog.read' },
    schema: { tags, summary: 'List products', response: responses({ 200: ListOf(Product) }) },
  }, async () => ({ items: await listProducts(db) }))

  app.get<{ Params: { sku: string } }>('/products/:sku', {
    config: { permission: 'catalog.read' },
    schema: { tags, summary: 'A product', params: Params, response: responses({ 200: Product }) },
  }, async (req) => getProduct(db, req.params.sku))

  app.patch<{ Params: { sku: string }; Body: UpdateProductInput }>('/products/:sku', {
    config: { permission: 'catalog.write' },
    schema: { tags, summary: 'Change a product', params: Params, body: UpdateProduct, response: responses({ 200: Product }) },
  }, async (req) => inTransaction(db, (trx) => updateProduct(trx, req.params.sku, req.body)))
}
