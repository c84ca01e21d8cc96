/** Creates the demo shops, warehouses, products, stock and customers through the API. */
import type { DemoClient } from './client.ts'
import type { DemoPerson } from './people.ts'
import { demoProducts, demoShops, demoWarehouses } from './catalog.ts'

export async function createCatalogue(api: DemoClient): Promise<void> {
  for (const shop of demoShops) await api.send('POST', '/shops', shop)
  for (const warehouse of demoWarehouses) await api.send('POST', '/warehouses', warehouse)
  for (const { stock, ...product } of demoProducts) {
    await api.send('POST', '/products', product)
    for (const [warehouse, onHand] of Object.entries(stock ?? {})) {
      await api.send('PUT', `/warehouses/${warehouse}/stock/${product.sku}`, { onHand })
    }
  }
}

/** Creates each person as a customer and keeps the id on the person. */
export async function createCustomers(api: DemoClient, people: DemoPerson[]): Promise<void> {
  for (const person of people) {
    const { body } = await api.send<{ id: string }>('POST', '/customers', {
      email: person.email,
      name: person.name,
      phone: person.phone,
      ...(person.requiresApproval && { requiresApproval: true }),
      ...(person.blocked && { blocked: true }),
    })
    person.id = body.id
  }
}
