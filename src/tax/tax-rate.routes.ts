import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { Code, ListOf, responses } from '../http/schemas.ts'
import { listTaxRates, replaceTaxRates, type TaxRateApi } from './tax-rate.service.ts'

const tags = ['Tax']
const Params = Type.Object({ code: Code })
const TaxClass = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$', description: 'standard, reduced, zero, ...' })
const TaxRate = Type.Object({
  country: Type.String({ pattern: '^([A-Z]{2}|\\*)$', description: 'Destination country (ISO 3166-1), or * for every other' }),
  taxClass: TaxClass,
  rate: Type.Number({ minimum: 0, maximum: 100, description: 'Percent, e.g. 8.1' }),
}, { additionalProperties: false })

export function taxRateRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.get<{ Params: { code: string } }>('/tax-rates/:code', {
    config: { permission: 'shops.read' },
    schema: { tags, summary: "The shop's tax rates per destination country and tax class", params: Params, response: responses({ 200: ListOf(TaxRate) }) },
  }, async (req) => ({ items: await listTaxRates(db, req.actor, req.params.code) }))

  app.put<{ Params: { code: string }; Body: { rates: TaxRateApi[] } }>('/tax-rates/:code', {
    config: { permission: 'taxes.manage' },
    schema: {
      tags, summary: "Replace the shop's tax rates", params: Params,
      description: 'A product takes the rate of its tax class for the destination country, else for *, else its own rate.',
      body: Type.Object({ rates: Type.Array(TaxRate, { maxItems: 1000 }) }, { additionalProperties: false }),
      response: responses({ 200: ListOf(TaxRate) }),
    },
  }, async (req) => ({ items: await inTransaction(db, (trx) => replaceTaxRates(trx, req.actor, req.params.code, req.body.rates)) }))
}
