/**
 * Builds shops, products, stock and customers through the API, as an integration would,
 * and walks orders and deliveries through their actions. Every name is unique, so tests
 * in one suite (one database) never see each other's data.
 */
import { randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import type { Api, ApiHeaders, ApiResponse } from './harness.ts'

let counter = 0
/** A short unique, upper-case suffix. */
export const uid = () => `${(++counter).toString(36)}${randomBytes(3).toString('hex')}`.toUpperCase()

/** Asserts the status and returns the body; on a mismatch the message shows the whole response body. */
export function must<T = any>(res: ApiResponse<T>, status: number): T {
  expect(res.status, `expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`).toBe(status)
  return res.body
}

/** Asserts an application/problem+json answer with this status and code. */
export function expectProblem(res: ApiResponse, status: number, code?: string) {
  const where = `${res.status} ${res.contentType} ${JSON.stringify(res.body)}`
  expect(res.status, where).toBe(status)
  expect(res.contentType, where).toBe('application/problem+json')
  expect(typeof res.body?.code, where).toBe('string')
  if (code) expect(res.body.code, where).toBe(code)
}

export const address = (name = 'Anna Muster') => ({
  name, street: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich', country: 'CH',
})

export interface ShopSettings {
  orderNumberPrefix: string
  orderNumberStart: number
  invoiceNumberPrefix: string
  invoiceNumberStart: number
  invoiceNumbersEnabled: boolean
  requireApproval: boolean
  approvalThreshold?: number | null
  capturePer?: 'delivery' | 'order'
}

export async function createShop(api: Api, options: { currency?: string; pricesIncludeTax?: boolean; settings?: Partial<ShopSettings> } = {}) {
  const code = `S${uid()}`
  const settings: ShopSettings = {
    orderNumberPrefix: `${code}-`, orderNumberStart: 1000,
    invoiceNumberPrefix: `I${code}-`, invoiceNumberStart: 1, invoiceNumbersEnabled: true,
    requireApproval: false,
    ...options.settings,
  }
  return must(await api('POST', '/shops', {
    code, name: `Shop ${code}`, currency: options.currency ?? 'CHF',
    pricesIncludeTax: options.pricesIncludeTax ?? true, settings,
  }), 201)
}

export interface ProductOptions {
  kind?: 'physical' | 'electronic'
  prices?: Record<string, number>
  taxRate?: number
  backorder?: boolean
  availableFrom?: string
}

export async function createProduct(api: Api, options: ProductOptions = {}) {
  const sku = `SKU-${uid()}`
  const body: Record<string, unknown> = {
    sku, name: `Product ${sku}`, kind: options.kind ?? 'physical',
    prices: options.prices ?? { CHF: 2990, EUR: 2790 }, taxRate: options.taxRate ?? 8.1,
  }
  if (options.backorder !== undefined) body.backorder = options.backorder
  if (options.availableFrom !== undefined) body.availableFrom = options.availableFrom
  return must(await api('POST', '/products', body), 201)
}

export async function createWarehouse(api: Api) {
  const code = `W${uid()}`
  return must(await api('POST', '/warehouses', { code, name: `Warehouse ${code}` }), 201)
}

export async function setStock(api: Api, warehouse: string, sku: string, onHand: number) {
  return must(await api('PUT', `/warehouses/${warehouse}/stock/${sku}`, { onHand }), 200)
}

export async function getStock(api: Api, sku: string) {
  return must(await api('GET', `/stock/${sku}`), 200) as {
    sku: string; onHand: number; reserved: number; available: number
    levels: { warehouse: string; onHand: number; reserved: number; available: number }[]
  }
}

export async function createCustomer(api: Api, options: { requiresApproval?: boolean; blocked?: boolean } = {}) {
  const id = uid().toLowerCase()
  return must(await api('POST', '/customers', { email: `c${id}@example.test`, name: `Customer ${id}`, ...options }), 201)
}

/** A date `days` from today, as YYYY-MM-DD. */
export const dateIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

export interface World {
  shop: any
  warehouse: any
  customer: any
  /** A physical product with `stock` units in the warehouse. */
  product: any
}

/** A shop, a warehouse, a customer and one stocked physical product. */
export async function createWorld(api: Api, options: {
  stock?: number; price?: number; currency?: string
  shop?: Partial<ShopSettings>; customer?: { requiresApproval?: boolean; blocked?: boolean }
} = {}): Promise<World> {
  const currency = options.currency ?? 'CHF'
  const shop = await createShop(api, { currency, settings: options.shop })
  const warehouse = await createWarehouse(api)
  const customer = await createCustomer(api, options.customer)
  const product = await createProduct(api, { prices: { [currency]: options.price ?? 2990 } })
  await setStock(api, warehouse.code, product.sku, options.stock ?? 10)
  return { shop, warehouse, customer, product }
}

export type Payment =
  | { method: 'card'; capture?: 'immediate' | 'on_shipment'; token?: string }
  | { method: 'bank_transfer' | 'phone' | 'cash_on_delivery' | 'invoice' }

export const card = (token = 'test_ok', capture: 'immediate' | 'on_shipment' = 'immediate'): Payment =>
  ({ method: 'card', capture, token })

export function orderBody(world: Pick<World, 'shop' | 'customer'>, lines: { sku: string; quantity: number }[], payment: Payment, extra: Record<string, unknown> = {}) {
  return {
    shop: world.shop.code,
    customer: { id: world.customer.id },
    billingAddress: address(world.customer.name),
    shippingAddress: address(world.customer.name),
    lines,
    payment,
    ...extra,
  }
}

export async function placeOrder(api: Api, world: Pick<World, 'shop' | 'customer'>, lines: { sku: string; quantity: number }[], payment: Payment, extra: Record<string, unknown> = {}) {
  return must(await api('POST', '/orders', orderBody(world, lines, payment, extra)), 201)
}

export const getOrder = async (api: Api, id: string) => must(await api('GET', `/orders/${id}`), 200)
export const getTransactions = async (api: Api, id: string) => must(await api('GET', `/orders/${id}/transactions`), 200).items as any[]
export const getHistory = async (api: Api, id: string) => must(await api('GET', `/orders/${id}/history`), 200).items as any[]

export const orderAction = (api: Api, id: string, action: string, body: Record<string, unknown> = {}) =>
  api('POST', `/orders/${id}/actions/${action}`, body)
export const deliveryAction = (api: Api, id: string, deliveryId: string, action: string, body: Record<string, unknown> = {}) =>
  api('POST', `/orders/${id}/deliveries/${deliveryId}/actions/${action}`, body)

const path = ['pack', 'ready', 'ship', 'deliver'] as const
const reachedBy = { packing: 'pack', ready_to_ship: 'ready', shipped: 'ship', delivered: 'deliver' } as const

/** Moves an allocated delivery on, action by action, until it reaches `to`; returns the order. */
export async function advanceDelivery(api: Api, orderId: string, deliveryId: string, to: keyof typeof reachedBy) {
  let order: any
  for (const action of path.slice(0, path.indexOf(reachedBy[to]) + 1)) {
    const body = action === 'ship' ? { carrier: 'Post CH', trackingNumber: `TRK${uid()}` } : {}
    order = must(await deliveryAction(api, orderId, deliveryId, action, body), 200)
  }
  return order
}

export const deliveryOf = (order: any, kind: string) => {
  const found = order.deliveries.find((d: any) => d.kind === kind)
  expect(found, `no ${kind} delivery in ${JSON.stringify(order.deliveries)}`).toBeTruthy()
  return found
}

/** The sum of the amounts of the succeeded transactions with this operation. */
export const sumOf = (transactions: any[], operation: string, status = 'succeeded') =>
  transactions.filter((t) => t.operation === operation && t.status === status).reduce((s, t) => s + t.amount, 0)

/** Headers that call as an API token. */
export const bearer = (token: string): ApiHeaders => ({ authorization: `Bearer ${token}` })

/** A new API token with this role (and shops, else every shop the caller has), as headers. */
export const tokenFor = async (api: Api, role: string, shops?: string[]) =>
  bearer(must(await api('POST', '/tokens', { name: `t ${uid()}`, role, shops }), 201).token)
