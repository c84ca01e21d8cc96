/**
 * What happens to each demo order: how it is paid, what it holds and how far it gets.
 * The first plans cover every order state, delivery state and payment method once;
 * the rest are drawn at random with the weights of a plausible shop.
 */
import type { Random } from './random.ts'
import type { DemoPerson } from './people.ts'
import { backorderSku, electronicSkus, inStockSkus, preorderSku } from './catalog.ts'

export type Method = 'card' | 'bank_transfer' | 'phone' | 'cash_on_delivery' | 'invoice'
export type Basket = 'standard' | 'pair' | 'electronic' | 'mixed' | 'preorder' | 'backorder'
/** How far the order is taken after placement. */
export type Goal =
  | 'placed' | 'advised' | 'started' | 'packing' | 'ready' | 'shipped' | 'delivered'
  | 'cancelled' | 'cancelled-later' | 'cancel-line' | 'returned' | 'overridden'

export interface Scenario {
  method: Method
  capture?: 'immediate' | 'on_shipment'
  token?: string
  basket?: Basket
  goal: Goal
}

export interface Plan extends Scenario {
  person: DemoPerson
  lines: { sku: string; quantity: number }[]
}

const card = (goal: Goal, more: Partial<Scenario> = {}): Scenario =>
  ({ method: 'card', capture: 'immediate', token: 'test_ok', goal, ...more })
const onShipment = (goal: Goal, token = 'test_ok'): Scenario => card(goal, { capture: 'on_shipment', token })
const offline = (method: Method, goal: Goal, basket?: Basket): Scenario => ({ method, goal, basket })

/** One order of each kind, so that a newcomer finds every state. */
const coverage: Scenario[] = [
  card('placed'), card('packing'), card('ready'), card('shipped'), card('delivered'),
  card('cancelled'), card('cancelled-later'), card('cancel-line', { basket: 'pair' }), card('returned'),
  card('placed', { token: 'test_decline' }), card('placed', { token: 'test_error' }),
  card('placed', { basket: 'electronic' }), card('shipped', { basket: 'preorder' }),
  card('delivered', { basket: 'backorder' }), card('delivered', { basket: 'mixed' }),
  onShipment('placed'), onShipment('delivered'),
  onShipment('shipped', 'test_capture_decline'), onShipment('overridden', 'test_capture_decline'),
  offline('bank_transfer', 'placed'), offline('bank_transfer', 'advised'),
  offline('bank_transfer', 'delivered'), offline('bank_transfer', 'cancelled'),
  offline('phone', 'placed'), offline('phone', 'delivered'),
  offline('cash_on_delivery', 'placed'), offline('cash_on_delivery', 'shipped'),
  offline('cash_on_delivery', 'delivered'), offline('cash_on_delivery', 'cancelled'),
  offline('invoice', 'placed'), offline('invoice', 'delivered', 'mixed'), offline('invoice', 'returned'),
]

function weighted<T>(random: Random, choices: [T, number][]): T {
  let roll = random.next() * choices.reduce((sum, [, w]) => sum + w, 0)
  for (const [value, weight] of choices) if ((roll -= weight) < 0) return value
  return choices[choices.length - 1][0]
}

function randomScenario(random: Random): Scenario {
  const goal = weighted<Goal>(random, [
    ['delivered', 45], ['shipped', 10], ['ready', 4], ['packing', 4], ['started', 8], ['placed', 8],
    ['cancelled', 8], ['cancelled-later', 3], ['cancel-line', 3], ['returned', 6],
  ])
  const method = weighted<Method>(random, [
    ['card', 50], ['bank_transfer', 12], ['phone', 5], ['cash_on_delivery', 10], ['invoice', 18],
  ])
  const basket = goal === 'cancel-line' ? 'pair' : method === 'cash_on_delivery' ? 'standard' : weighted<Basket>(random, [
    ['standard', 70], ['mixed', 15], ['electronic', 5], ['preorder', 5], ['backorder', 5],
  ])
  if (method !== 'card') return { method, goal: goal === 'advised' ? 'placed' : goal, basket }
  const capture = random.chance(0.7) ? 'immediate' : 'on_shipment'
  const token = weighted(random, [['test_ok', 95], ['test_decline', 3], ['test_capture_decline', 2]])
  return { method, capture, token, goal, basket }
}

function basketLines(random: Random, basket: Basket): Plan['lines'] {
  const physical = () => random.sample(inStockSkus, random.int(1, 3))
    .map((sku) => ({ sku, quantity: random.chance(0.8) ? 1 : random.int(2, 3) }))
  const digital = (count: number) => random.sample(electronicSkus, count).map((sku) => ({ sku, quantity: 1 }))
  switch (basket) {
    case 'standard': return physical()
    case 'pair': return random.sample(inStockSkus, 2).map((sku) => ({ sku, quantity: random.int(1, 2) }))
    case 'electronic': return digital(random.int(1, 2))
    case 'mixed': return [...physical(), ...digital(1)]
    case 'preorder': return [{ sku: preorderSku, quantity: 1 }, ...physical().slice(0, 1)]
    case 'backorder': return [{ sku: backorderSku, quantity: 1 }, ...physical().slice(0, 1)]
  }
}

/** `count` plans (at least the coverage set), each with a customer and lines. */
export function makePlans(random: Random, people: DemoPerson[], count: number): Plan[] {
  const plain = people.filter((p) => !p.blocked && !p.requiresApproval)
  const scenarios = [...coverage.slice(0, count)]
  while (scenarios.length < count) scenarios.push(randomScenario(random))
  return scenarios.map((scenario, i) => {
    const person = i < coverage.length ? plain[i % plain.length] : random.pick(people)
    // A blocked customer's orders wait for approval; the shop refuses some of them.
    const goal = person.blocked ? (random.chance(0.5) ? 'placed' : 'cancelled') : scenario.goal
    return { ...scenario, goal, person, lines: basketLines(random, scenario.basket ?? 'standard') }
  })
}
