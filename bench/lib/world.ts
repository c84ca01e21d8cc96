/** A shop with stocked products and customers, made through the API as an integration would. */

export interface Client { call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }> }

export function client(url: string, token: string): Client {
  return {
    async call(method, path, body, headers = {}) {
      const res = await fetch(`${url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : null }
    },
  }
}

async function must(c: Client, method: string, path: string, body?: unknown) {
  const res = await c.call(method, path, body)
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

export interface World { shop: string; warehouse: string; skus: string[]; customers: string[] }

export async function makeWorld(c: Client, options: { products: number; stock: number; customers: number }): Promise<World> {
  await must(c, 'POST', '/shops', { code: 'bench', name: 'Bench shop', currency: 'CHF', pricesIncludeTax: true, settings: { orderNumberPrefix: 'B-' } })
  await must(c, 'POST', '/warehouses', { code: 'main', name: 'Main warehouse' })
  const skus: string[] = []
  for (let i = 0; i < options.products; i++) {
    const sku = `BENCH-${i}`
    await must(c, 'POST', '/products', { sku, name: `Bench product ${i}`, kind: 'physical', prices: { CHF: 1000 + i * 10 }, taxRate: 8.1 })
    await must(c, 'PUT', `/warehouses/main/stock/${sku}`, { onHand: options.stock })
    skus.push(sku)
  }
  const customers: string[] = []
  for (let i = 0; i < options.customers; i++) {
    customers.push((await must(c, 'POST', '/customers', { email: `bench${i}@example.test`, name: `Bench Customer ${i}` })).id)
  }
  return { shop: 'bench', warehouse: 'main', skus, customers }
}

export const address = { name: 'Bench Customer', street: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich', country: 'CH' }

export function orderBody(world: World, client: number, lines: number, payment: Record<string, string> = { method: 'card', capture: 'immediate', token: 'test_ok' }) {
  return {
    shop: world.shop,
    customer: { id: world.customers[client % world.customers.length] },
    billingAddress: address,
    lines: Array.from({ length: lines }, (_, i) => ({ sku: world.skus[i % world.skus.length], quantity: 1 })),
    payment,
  }
}
