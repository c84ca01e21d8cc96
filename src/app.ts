/** Builds the Fastify app and wires the modules: the one place that knows them all. */
import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config.ts'
import type { Database } from './db/database.ts'
import type { PaymentGateway } from './payments/gateway.ts'
import { registerErrorHandling, sendProblem } from './http/error-handler.ts'
import { DomainError } from './http/errors.ts'
import { registerValidation } from './http/validation.ts'
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import { registerAccess } from './http/access.hook.ts'
import { registerIdempotentWrites } from './http/idempotent-writes.ts'
import { authRoutes } from './auth/auth.routes.ts'
import { adminRoutes } from './auth/admin.routes.ts'
import { registerOpenApi } from './http/openapi.ts'
import { shopRoutes } from './shops/shop.routes.ts'
import { productRoutes } from './catalog/product.routes.ts'
import { inventoryRoutes } from './inventory/inventory.routes.ts'
import { customerRoutes } from './customers/customer.routes.ts'
import { orderRoutes } from './orders/order.routes.ts'
import { orderActionRoutes } from './orders/order-action.routes.ts'
import { jobRoutes } from './jobs/job.routes.ts'
import { mailRoutes } from './notifications/mail.routes.ts'
import { webhookRoutes } from './webhooks/webhook.routes.ts'
import { exportRoutes } from './exports/export.routes.ts'
import { bulkRoutes } from './bulk/bulk.routes.ts'
import { registerWebUi } from './http/web.ts'
// ui: the deliveries work queue
import { deliveryQueueRoutes } from './deliveries/delivery-queue.routes.ts'
import { returnRoutes } from './returns/return.routes.ts'
import { orderEditRoutes } from './orders/edits/edit.routes.ts'
import { deliveryTrackingRoutes } from './orders/delivery-tracking.ts'
import { gatewayRoutes } from './payments/gateway.routes.ts'
// Money: tax rates, billing settings, discount codes, documents, dunning
import { taxRateRoutes } from './tax/tax-rate.routes.ts'
import { shopProfileRoutes } from './shops/shop-profile.routes.ts'
import { documentRoutes } from './documents/document.routes.ts'
import { discountRoutes } from './discounts/discount.routes.ts'
import { dunningRoutes } from './dunning/dunning.routes.ts'
import { draftRoutes } from './drafts/draft.routes.ts'
import { orderDeskRoutes } from './drafts/order-desk.routes.ts'
import { quoteRoutes } from './quotes/quote.routes.ts'
import { consultationRoutes } from './consultations/consultation.routes.ts'
// Vouchers and licences (A20, A21)
import { voucherRoutes } from './vouchers/voucher.routes.ts'
import { licenceRoutes } from './licences/licence.routes.ts'
// Customers, search and analytics (A12, A13, A27, A28)
import { analyticsRoutes } from './analytics/analytics.routes.ts'
import { opsRoutes } from './ops/ops.routes.ts'
import { systemRoutes } from './ops/system.routes.ts'

/** What every route handler may use: explicit, no container. */
export interface AppContext {
  db: Database
  config: Config
  gateway: PaymentGateway
}

export type App = FastifyInstance

export async function buildApp(ctx: AppContext, options: { logger?: boolean | object } = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    // Behind a proxy the client address comes from X-Forwarded-For; without one it is ignored.
    trustProxy: false,
    ajv: { customOptions: { coerceTypes: 'array' } },
    // Errors the router raises before any route runs (a URL it cannot decode) are problems too.
    frameworkErrors: (error, req, reply) => {
      sendProblem(reply, req, new DomainError('validation_failed', `The URL cannot be read: ${error.message}`))
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  registerValidation(app)
  registerErrorHandling(app)
  await registerOpenApi(app)
  await app.register(cookie)
  // The docs page runs its own inline script; everything else gets the strict defaults.
  await app.register(helmet, { contentSecurityPolicy: false })
  registerAccess(app, ctx.db, ctx.config.adminToken)
  registerIdempotentWrites(app, ctx.db)

  // /health, /health/ready and /metrics (src/ops/).
  opsRoutes(app, ctx)

  await app.register(async (api) => {
    authRoutes(api, ctx)
    adminRoutes(api, ctx)
    shopRoutes(api, ctx)
    productRoutes(api, ctx)
    inventoryRoutes(api, ctx)
    customerRoutes(api, ctx)
    orderRoutes(api, ctx)
    orderActionRoutes(api, ctx)
    jobRoutes(api, ctx)
    mailRoutes(api, ctx)
    webhookRoutes(api, ctx)
    exportRoutes(api, ctx)
    bulkRoutes(api, ctx)
    deliveryQueueRoutes(api, ctx)
    returnRoutes(api, ctx)
    orderEditRoutes(api, ctx)
    deliveryTrackingRoutes(api, ctx)
    gatewayRoutes(api, ctx)
    taxRateRoutes(api, ctx); shopProfileRoutes(api, ctx); documentRoutes(api, ctx); discountRoutes(api, ctx); dunningRoutes(api, ctx)
    // Drafts, quotes and consultations
    draftRoutes(api, ctx)
    orderDeskRoutes(api, ctx)
    quoteRoutes(api, ctx)
    consultationRoutes(api, ctx)
    voucherRoutes(api, ctx)
    licenceRoutes(api, ctx)
    analyticsRoutes(api, ctx)
    systemRoutes(api, ctx)
  }, { prefix: '/api/v1' })
  // The admin UI at / (its own strict CSP; the docs page keeps helmet's settings).
  await registerWebUi(app)

  return app
}
