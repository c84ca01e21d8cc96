/**
 * A busy shop floor: many clients at once placing orders and running whatever actions
 * the orders offer (approve, confirm payment, cancel, cancel lines, pack, ready, ship,
 * deliver, return), receiving stock and running the allocation job. It counts what it
 * tried and what came back; any 5xx is a defect and is kept for the report.
 */
import type { Api } from '../harness.ts'

export interface Floor {
  shop: string
  warehouse: string
  skus: string[]
  electronic: string
  backorderable: string
  customers: string[]
  /** Initial on hand plus everything received, per `warehouse/sku`. */
  received: Map<string, number>
}

export interface Tally { requests: number; byStatus: Record<string, number>; byOperation: Record<string, number>; serverErrors: string[] }

let seed = 12345
/** A small seeded generator: the same run tries the same things. */
export const rnd = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31 }
const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]

async function must(api: Api, method: string, path: string, body?: unknown) {
  const res = await api(method, path, body)
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

export async function setUpFloor(api: Api, stock = 400): Promise<Floor> {
  const shop = `rel${Math.floor(rnd() * 1e6)}`
  await must(api, 'POST', '/shops', { code: shop, name: 'Reliability shop', currency: 'CHF', pricesIncludeTax: true, settings: { approvalThreshold: 20000 } })
  const warehouse = `${shop}wh`
  await must(api, 'POST', '/warehouses', { code: warehouse, name: 'Reliability warehouse' })
  const received = new Map<string, number>()
  const skus: string[] = []
  for (let i = 0; i < 6; i++) {
    const sku = `${shop}-P${i}`
    await must(api, 'POST', '/products', { sku, name: `Product ${i}`, kind: 'physical', prices: { CHF: 1500 + 700 * i }, taxRate: 8.1, backorder: i === 5 })
    const onHand = i === 5 ? 0 : stock
    await must(api, 'PUT', `/warehouses/${warehouse}/stock/${sku}`, { onHand })
    received.set(`${warehouse}/${sku}`, onHand)
    skus.push(sku)
  }
  const electronic = `${shop}-E`
  await must(api, 'POST', '/products', { sku: electronic, name: 'E-book', kind: 'electronic', prices: { CHF: 900 }, taxRate: 2.6 })
  const customers: string[] = []
  for (let i = 0; i < 20; i++) {
    customers.push((await must(api, 'POST', '/customers', { email: `${shop}c${i}@example.test`, name: `Customer ${i}`, blocked: i === 0 })).id)
  }
  return { shop, warehouse, skus, electronic, backorderable: skus[5], customers, received }
}

const payments = [
  { method: 'card', capture: 'immediate', token: 'test_ok' },
  { method: 'card', capture: 'on_shipment', token: 'test_ok' },
  { method: 'card', capture: 'on_shipment', token: 'test_capture_decline' },
  { method: 'card', capture: 'immediate', token: 'test_refund_fail' },
  { method: 'card', capture: 'immediate', token: 'test_decline' },
  { method: 'bank_transfer' }, { method: 'phone' }, { method: 'cash_on_delivery' }, { method: 'invoice' },
]

function orderBody(floor: Floor) {
  const lines = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({ sku: rnd() < 0.1 ? floor.electronic : pick(floor.skus), quantity: 1 + Math.floor(rnd() * 3) }))
  return {
    shop: floor.shop,
    customer: { id: pick(floor.customers) },
    billingAddress: { name: 'Reliability Customer', street: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich', country: 'CH' },
    lines,
    payment: pick(payments),
  }
}

function bodyFor(action: string, order: any): Record<string, unknown> {
  if (action === 'override-payment') return { reason: 'Paid by other means (reliability run)' }
  if (action === 'ship') return { carrier: 'Post CH', trackingNumber: `T${Math.floor(rnd() * 1e9)}` }
  if (action === 'cancel-lines') {
    const line = pick(order.lines as any[])
    return { lines: [{ lineId: line.id, quantity: 1 }] }
  }
  return { note: 'reliability run' }
}

/** Placements answered, waiting for the gateway's answer or not. */
export const placed = (tally: Tally) => (tally.byOperation.place ?? 0) + (tally.byOperation['place-async'] ?? 0)

/** Runs `operations` random steps from `clients` parallel clients. */
export async function runFloor(api: Api, floor: Floor, clients: number, operations: number, onStep?: (done: number) => void): Promise<Tally> {
  const tally: Tally = { requests: 0, byStatus: {}, byOperation: {}, serverErrors: [] }
  const orders: string[] = []
  let started = 0
  const record = (operation: string, res: { status: number; body: unknown }) => {
    tally.requests++
    tally.byStatus[res.status] = (tally.byStatus[res.status] ?? 0) + 1
    tally.byOperation[operation] = (tally.byOperation[operation] ?? 0) + 1
    if (res.status >= 500 && (res.body as any)?.code !== 'payment_failed') tally.serverErrors.push(`${operation}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`)
    return res
  }
  await Promise.all(Array.from({ length: clients }, async () => {
    while (started < operations) {
      started++
      const r = rnd()
      if (r < 0.35 || orders.length < 10) {
        // A quarter of the placements do not wait for the card's gateway (answered 202, the
        // answer recorded after): a kill then falls between the response and the recording.
        const async = rnd() < 0.25
        const res = record(async ? 'place-async' : 'place', await api('POST', '/orders', orderBody(floor), async ? { prefer: 'respond-async' } : undefined))
        if (res.status === 201 || res.status === 202) orders.push((res.body as any).id)
        else if ((res.body as any)?.orderId) orders.push((res.body as any).orderId)
      } else if (r < 0.38) {
        const sku = pick(floor.skus)
        const delta = 5 + Math.floor(rnd() * 20)
        const res = record('receive', await api('POST', `/warehouses/${floor.warehouse}/stock/${sku}/adjustments`, { delta }))
        if (res.status === 200) floor.received.set(`${floor.warehouse}/${sku}`, floor.received.get(`${floor.warehouse}/${sku}`)! + delta)
      } else if (r < 0.40) {
        record('allocation', await api('POST', '/jobs/allocation'))
      } else {
        await actOnAnOrder(api, pick(orders), record)
      }
      onStep?.(started)
    }
  }))
  return tally
}

async function actOnAnOrder(api: Api, id: string, record: (op: string, res: any) => any) {
  const seen = record('read', await api('GET', `/orders/${id}`))
  if (seen.status !== 200) return
  const order = seen.body
  const choices: [string, string][] = [
    ...order.allowedActions.map((a: string) => [a, `/orders/${id}/actions/${a}`] as [string, string]),
    ...order.deliveries.flatMap((d: any) => d.allowedActions.map((a: string) => [a, `/orders/${id}/deliveries/${d.id}/actions/${a}`] as [string, string])),
  ].filter(([a]) => a !== 'cancel' || rnd() < 0.3)
  // Now and then, an action that is not on offer: it must be refused cleanly.
  if (choices.length === 0 || rnd() < 0.05) {
    record('refused-on-purpose', await api('POST', `/orders/${id}/actions/${pick(['approve', 'cancel', 'return', 'confirm-payment'])}`, {}))
    return
  }
  // Work moves forward more often than it is undone, as on a real shop floor.
  const forward = new Set(['approve', 'confirm-payment', 'pack', 'ready', 'ship', 'deliver'])
  const weighted = choices.flatMap((c) => (forward.has(c[0]) ? [c, c, c, c, c, c] : [c]))
  const [action, path] = pick(weighted)
  record(action, await api('POST', path, bodyFor(action, order)))
}
