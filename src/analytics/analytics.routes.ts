/** Analytics (A27) per shop and currency, and the article report (A13). */
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../app.ts'
import type { Database } from '../db/database.ts'
import type { Actor } from '../auth/actor.ts'
import { responses } from '../http/schemas.ts'
import { AnalyticsQuery, ArticleQuerySchema, ArticleReport, Customers, Products, Regions, Series, Summary, type AnalyticsQueryInput, type ArticleQueryInput } from './analytics.schemas.ts'
import { byCustomer, byProduct, byRegion, previousPeriod, timeSeries, totals } from './analytics.service.ts'
import { articleCsv, articleReport } from './article-report.ts'
import { periodOf } from './period.ts'
import { refreshRollups } from './rollup.ts'
import { shopForAnalytics } from './time-zone.ts'

const tags = ['Analytics']
const config = { permission: 'analytics.read' } as const

/** The shop, currency and periods a question is about, with the roll-ups brought up to date. */
async function contextOf(db: Database, actor: Actor, q: AnalyticsQueryInput) {
  const shop = await shopForAnalytics(db, actor, q.shop)
  const period = await periodOf(db, shop.timeZone, q.from, q.to)
  await refreshRollups(db, shop.code, shop.timeZone)
  const scope = { shop: shop.code, currency: q.currency ?? shop.currency, timeZone: shop.timeZone }
  const previous = previousPeriod(period)
  return { scope, period, previous, head: { shop: shop.code, currency: scope.currency, timeZone: shop.timeZone, period, previousPeriod: previous } }
}

export function analyticsRoutes(app: FastifyInstance, { db }: AppContext): void {
  app.get<{ Querystring: AnalyticsQueryInput }>('/analytics/summary', {
    config, schema: { tags, summary: 'Orders, revenue, average order value, cancellation and return rates, time to shipment; with the period before', querystring: AnalyticsQuery, response: responses({ 200: Summary }) },
  }, async (req) => {
    const c = await contextOf(db, req.actor, req.query)
    const [current, previous] = await Promise.all([totals(db, c.scope, c.period), totals(db, c.scope, c.previous)])
    return { ...c.head, current, previous }
  })

  app.get<{ Querystring: AnalyticsQueryInput }>('/analytics/orders-over-time', {
    config, schema: { tags, summary: 'Order volume and revenue per day, week or month, in the shop\'s time zone', querystring: AnalyticsQuery, response: responses({ 200: Series }) },
  }, async (req) => {
    const c = await contextOf(db, req.actor, req.query)
    const interval = req.query.interval ?? 'day'
    const [points, previousPoints] = await Promise.all([timeSeries(db, c.scope, c.period, interval), timeSeries(db, c.scope, c.previous, interval)])
    return { ...c.head, interval, points, previousPoints }
  })

  const ranking = <T>(path: string, summary: string, schema: object, read: typeof byProduct | typeof byCustomer | typeof byRegion) =>
    app.get<{ Querystring: AnalyticsQueryInput }>(path, {
      config, schema: { tags, summary, querystring: AnalyticsQuery, response: responses({ 200: schema as never }) },
    }, async (req) => {
      const c = await contextOf(db, req.actor, req.query)
      const limit = req.query.limit ?? 10
      const [items, previousItems] = await Promise.all([read(db, c.scope, c.period, limit), read(db, c.scope, c.previous, limit)])
      return { ...c.head, items, previousItems } as T
    })
  ranking('/analytics/products', 'Revenue and quantity by article', Products, byProduct)
  ranking('/analytics/customers', 'Revenue by customer', Customers, byCustomer)
  ranking('/analytics/regions', 'Revenue by country and region', Regions, byRegion)

  app.get<{ Querystring: ArticleQueryInput }>('/reports/articles', {
    config, schema: {
      tags, summary: 'Every order with an article whose number contains the text, with quantity and revenue; totals per article and currency',
      description: '`format=csv` downloads the rows as CSV.',
      querystring: ArticleQuerySchema, response: responses({ 200: ArticleReport }),
    },
  }, async (req, reply) => {
    if (req.query.format === 'csv') {
      const csv = await articleCsv(db, req.actor, req.query)
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="articles.csv"').serializer((x: unknown) => String(x)).send(csv)
    }
    return articleReport(db, req.actor, req.query)
  })
}
