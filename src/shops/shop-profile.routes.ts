import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import { inTransaction } from '../db/transaction.ts'
import { Code, responses } from '../http/schemas.ts'
import { ShopProfile, UpdateShopProfile, type UpdateShopProfileInput } from './shop-profile.schemas.ts'
import { getProfile, updateProfile } from './shop-profile.ts'

const tags = ['Shops']
const Params = Type.Object({ code: Code })

export function shopProfileRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.get<{ Params: { code: string } }>('/shops/:code/billing', {
    config: { permission: 'shops.read' },
    schema: { tags, summary: "A shop's billing settings: legal name, address, VAT id, bank, logo, language, time zone, terms", params: Params, response: responses({ 200: ShopProfile }) },
  }, async (req) => getProfile(db, req.actor, req.params.code))

  app.patch<{ Params: { code: string }; Body: UpdateShopProfileInput }>('/shops/:code/billing', {
    config: { permission: 'shops.write' },
    schema: { tags, summary: "Change a shop's billing settings", params: Params, body: UpdateShopProfile, response: responses({ 200: ShopProfile }) },
  }, async (req) => inTransaction(db, (trx) => updateProfile(trx, req.actor, req.params.code, req.body)))
}
