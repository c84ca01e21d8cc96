/**
 * Places one demo order and takes it as far as its plan says, through the same
 * order and delivery actions that staff and integrations use.
 */
import type { DemoClient } from './client.ts'
import type { Random } from './random.ts'
import type { Plan } from './scenarios.ts'
import { demoProducts } from './catalog.ts'

interface Delivery { id: string; status: string; allowedActions: string[] }
interface Line { id: string; quantity: number; cancelledQuantity: number }
interface Order { id: string; lines: Line[]; status: string; shop: string; payment: { method: string; outstanding: number }; deliveries: Delivery[]; allowedActions: string[] }

const deliverySteps = ['pack', 'ready', 'ship', 'deliver'] as const
const stepOfGoal: Record<string, number> = { packing: 0, ready: 1, shipped: 2, delivered: 3 }
const carriers = { ch: ['Swiss Post', 'DHL Express'], eu: ['DHL', 'DPD', 'GLS', 'UPS'] }
const cancelReasons = ['Customer changed their mind', 'Duplicate order', 'Address could not be verified']
const returnReasons = ['Wrong size', 'Arrived damaged', 'Not as described']

function orderBody(random: Random, plan: Plan) {
  const prices = plan.lines.map((l) => {
    const product = demoProducts.find((p) => p.sku === l.sku)!
    return { cost: product.prices[plan.person.shop === 'ch' ? 'CHF' : 'EUR'] * l.quantity, physical: product.kind === 'physical' }
  })
  const goods = prices.reduce((sum, p) => sum + p.cost, 0)
  const shipped = prices.some((p) => p.physical)
  const { person } = plan
  return {
    shop: person.shop,
    customer: person.id ? { id: person.id } : { email: person.email, name: person.name },
    billingAddress: person.address,
    ...(shipped && { shippingAddress: person.address, shippingCost: goods >= 10000 ? 0 : 790 }),
    lines: plan.lines,
    payment: { method: plan.method, ...(plan.capture && { capture: plan.capture }), ...(plan.token && { token: plan.token }) },
    source: plan.method === 'phone' ? 'call centre' : random.pick(['storefront', 'storefront', 'storefront', 'marketplace']),
    // The address the storefront saw, from the documentation ranges; phone orders have none.
    ...(plan.method !== 'phone' && { customerIp: demoIp(person.email) }),
  }
}

/** A stable address per customer (not drawn from `random`, so the demo's other choices stay as they were). */
function demoIp(email: string): string {
  const n = [...email].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)
  return n % 4 === 0 ? `2001:db8::${(n % 65535).toString(16)}` : `${n % 2 ? '198.51.100' : '203.0.113'}.${1 + (n % 254)}`
}

export async function playOrder(api: DemoClient, random: Random, plan: Plan): Promise<void> {
  // A declined or failed card payment cancels the order at once.
  const placed = await api.send<Order>('POST', '/orders', orderBody(random, plan), [201, 402, 502])
  if (placed.status !== 201 || placed.body.status === 'cancelled') return
  let order = placed.body
  // Skipped where the order has gone past it (an electronic order completes at once).
  const act = async (action: string, body: object = {}) => {
    if (!order.allowedActions.includes(action)) return
    order = (await api.send<Order>('POST', `/orders/${order.id}/actions/${action}`, body)).body
  }
  if (random.chance(0.1)) await addNote(api, random, order)
  switch (plan.goal) {
    case 'placed': return
    case 'advised': return act('advise-payment', { clientNote: 'The customer says the transfer is on its way.' })
    case 'cancelled': return act('cancel', { note: random.pick(cancelReasons), clientNote: 'Your order has been cancelled.' })
  }
  order = await start(api, order)
  if (plan.goal === 'started') return
  if (plan.goal === 'cancelled-later') {
    order = await moveDeliveries(api, random, order, stepOfGoal.packing)
    return act('cancel', { note: random.pick(cancelReasons) })
  }
  if (plan.goal === 'cancel-line' && order.lines.length > 1) {
    const line = order.lines[order.lines.length - 1]
    await act('cancel-lines', { lines: [{ lineId: line.id, quantity: line.quantity }], note: 'No longer wanted', clientNote: 'One item was removed from your order.' })
  }
  order = await moveDeliveries(api, random, order, stepOfGoal[plan.goal] ?? stepOfGoal.delivered)
  if (plan.goal === 'overridden') {
    await act('override-payment', { reason: 'Paid by card over the phone after the capture was declined' })
    order = await moveDeliveries(api, random, order, stepOfGoal.delivered)
  }
  if (plan.goal === 'returned') return act('return', { note: random.pick(returnReasons) })
  if (order.payment.method === 'invoice' && order.payment.outstanding > 0 && random.chance(0.6)) {
    await act('confirm-payment', { note: 'Payment received' })
  }
}

/** Approves the order and confirms its payment, where it waits for either. */
async function start(api: DemoClient, order: Order): Promise<Order> {
  for (const action of ['approve', 'confirm-payment'] as const) {
    if (!order.allowedActions.includes(action)) continue
    if (action === 'confirm-payment' && order.status !== 'awaiting_payment') continue
    const note = action === 'approve' ? 'Checked and approved' : 'Transfer arrived'
    // Approving a card order held for approval captures it, and a capture can be declined.
    const reply = await api.send<Order>('POST', `/orders/${order.id}/actions/${action}`, { note }, [200, 402, 502])
    if (reply.status !== 200) return (await api.send<Order>('GET', `/orders/${order.id}`)).body
    order = reply.body
  }
  return order
}

/** Moves every delivery that can move up to (and including) the given step. */
async function moveDeliveries(api: DemoClient, random: Random, order: Order, lastStep: number): Promise<Order> {
  for (const { id } of order.deliveries) {
    for (;;) {
      const delivery = order.deliveries.find((d) => d.id === id)!
      const step = deliverySteps.findIndex((s) => delivery.allowedActions.includes(s))
      if (step < 0 || step > lastStep) break
      const body = deliverySteps[step] === 'ship' ? shipment(random, order.shop) : {}
      const reply = await api.send<Order>('POST', `/orders/${order.id}/deliveries/${id}/actions/${deliverySteps[step]}`,
        body, [200, 402, 409, 502])
      // A declined capture keeps the delivery ready to ship, flagged as awaiting payment.
      if (reply.status !== 200) {
        order = (await api.send<Order>('GET', `/orders/${order.id}`)).body
        break
      }
      order = reply.body
    }
  }
  return order
}

function shipment(random: Random, shop: string) {
  const carrier = random.pick(carriers[shop === 'ch' ? 'ch' : 'eu'])
  const trackingNumber = Array.from({ length: 14 }, () => random.int(0, 9)).join('')
  return { carrier, trackingNumber: `${carrier.slice(0, 2).toUpperCase()}${trackingNumber}` }
}

async function addNote(api: DemoClient, random: Random, order: Order): Promise<void> {
  const text = random.pick([
    'Customer asked for delivery after 5 pm.',
    'Gift: please leave out the invoice.',
    'Called the customer to confirm the address.',
  ])
  await api.send('POST', `/orders/${order.id}/notes`, { text, clientFacing: false })
}
