/** The order search's filters without its paging, for exports and bulk runs. */
import { Type } from 'typebox'
import { OrderQuerySchema } from '../orders/order.routes.ts'

export const orderFilterProperties = Type.Omit(OrderQuerySchema, ['limit', 'cursor', 'sort']).properties
