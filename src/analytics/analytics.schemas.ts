import { Type, type Static } from 'typebox'
import { intervals } from './analytics.service.ts'

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A local day in the shop\'s time zone, YYYY-MM-DD' })

export const AnalyticsQuery = Type.Object({
  shop: Type.String({ maxLength: 24, description: 'The shop (analytics are per shop)' }),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: "Default: the shop's currency; amounts in other currencies are never added in" })),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  interval: Type.Optional(Type.Union(intervals.map((i) => Type.Literal(i)), { default: 'day' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
}, { additionalProperties: false })
export type AnalyticsQueryInput = Static<typeof AnalyticsQuery>

const PeriodSchema = Type.Object({ from: Type.String(), to: Type.String() })
const Head = {
  shop: Type.String(), currency: Type.String(), timeZone: Type.String(),
  period: PeriodSchema, previousPeriod: PeriodSchema,
}

const Totals = Type.Object({
  orders: Type.Integer(), revenue: Type.Integer(), averageOrderValue: Type.Integer(),
  cancelled: Type.Integer(), cancellationRate: Type.Number(), returned: Type.Integer(), returnRate: Type.Number(),
  hoursToShipment: Type.Object({ median: Type.Union([Type.Integer(), Type.Null()]), p90: Type.Union([Type.Integer(), Type.Null()]), shipped: Type.Integer() }),
})
export const Summary = Type.Object({ ...Head, current: Totals, previous: Totals })

const Point = Type.Object({ period: Type.String(), orders: Type.Integer(), revenue: Type.Integer() })
export const Series = Type.Object({ ...Head, interval: Type.String(), points: Type.Array(Point), previousPoints: Type.Array(Point) })

const ProductItem = Type.Object({ sku: Type.String(), name: Type.String(), orders: Type.Integer(), quantity: Type.Integer(), revenue: Type.Integer() })
export const Products = Type.Object({ ...Head, items: Type.Array(ProductItem), previousItems: Type.Array(ProductItem) })

const CustomerItem = Type.Object({ customerId: Type.String(), name: Type.String(), email: Type.String(), orders: Type.Integer(), revenue: Type.Integer() })
export const Customers = Type.Object({ ...Head, items: Type.Array(CustomerItem), previousItems: Type.Array(CustomerItem) })

const RegionItem = Type.Object({ country: Type.String(), region: Type.Union([Type.String(), Type.Null()]), orders: Type.Integer(), revenue: Type.Integer() })
export const Regions = Type.Object({ ...Head, items: Type.Array(RegionItem), previousItems: Type.Array(RegionItem) })

export const ArticleQuerySchema = Type.Object({
  sku: Type.String({ minLength: 1, maxLength: 64, description: 'Part of an article number, any case' }),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'Placed on or after: a day (YYYY-MM-DD, in each shop\'s time zone) or a date-time' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'Placed on or before: a day (inclusive, in each shop\'s time zone) or a date-time (exclusive)' })),
  shop: Type.Optional(Type.String({ maxLength: 200, description: 'Comma-separated shop codes' })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
}, { additionalProperties: false })
export type ArticleQueryInput = Static<typeof ArticleQuerySchema>

const Sums = { orders: Type.Integer(), quantity: Type.Integer(), revenue: Type.Integer() }
export const ArticleReport = Type.Object({
  items: Type.Array(Type.Object({
    orderId: Type.String(), number: Type.String(), shop: Type.String(), status: Type.String(), createdAt: Type.String(),
    customerName: Type.String(), currency: Type.String(), sku: Type.String(), name: Type.String(), quantity: Type.Integer(), revenue: Type.Integer(),
  })),
  truncated: Type.Boolean({ description: 'More rows match than the answer lists; the totals count them all, the CSV lists them' }),
  articles: Type.Array(Type.Object({ sku: Type.String(), name: Type.String(), currency: Type.String(), ...Sums })),
  totals: Type.Array(Type.Object({ currency: Type.String(), ...Sums })),
})
