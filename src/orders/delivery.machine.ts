/**
 * The delivery state machine, as data. Staff and integrations move a delivery with
 * its actions; the system moves it with its own steps (allocation, electronic
 * delivery, cancellation and return of the order). Both are listed here.
 */

export const deliveryStatuses = [
  'awaiting_allocation', 'awaiting_date', 'awaiting_inventory', 'allocated', 'packing',
  'ready_to_ship', 'shipped', 'delivered', 'cancelled', 'returned',
] as const
export type DeliveryStatus = (typeof deliveryStatuses)[number]

export const deliveryKinds = ['standard', 'electronic', 'preorder', 'backorder'] as const
export type DeliveryKind = (typeof deliveryKinds)[number]

/** The state each kind of delivery starts in. */
export const initialDeliveryStatus: Record<DeliveryKind, DeliveryStatus> = {
  standard: 'awaiting_allocation',
  electronic: 'awaiting_allocation',
  preorder: 'awaiting_date',
  backorder: 'awaiting_inventory',
}

/** Deliveries in these states hold stock reserved in their warehouse. */
export const holdsReservation = new Set<DeliveryStatus>(['awaiting_allocation', 'allocated', 'packing', 'ready_to_ship'])

/** Deliveries in these states have gone out or ended: nothing is left to cancel, capture or send. */
export const settledDelivery = new Set<DeliveryStatus>(['shipped', 'delivered', 'cancelled', 'returned'])

export interface DeliveryFacts {
  status: DeliveryStatus
  kind: DeliveryKind
  awaitingPayment: boolean
  /** Whether the order is under way (in progress or partially shipped). */
  orderUnderWay: boolean
}

type Guard = (d: DeliveryFacts) => string | undefined

export interface DeliveryAction {
  from: readonly DeliveryStatus[]
  to: DeliveryStatus
  guard?: Guard
  label: string
}

const orderUnderWay: Guard = (d) => (d.orderUnderWay ? undefined : 'The order is not in progress')
const notElectronic: Guard = (d) => (d.kind === 'electronic' ? 'An electronic delivery needs no packing' : orderUnderWay(d))

export const deliveryActions = {
  pack: { label: 'Pack', from: ['allocated'], to: 'packing', guard: notElectronic },
  ready: { label: 'Ready to ship', from: ['packing'], to: 'ready_to_ship', guard: notElectronic },
  ship: { label: 'Ship', from: ['ready_to_ship'], to: 'shipped', guard: orderUnderWay },
  deliver: { label: 'Delivered', from: ['shipped'], to: 'delivered', guard: orderUnderWay },
} as const satisfies Record<string, DeliveryAction>

/** The steps the system takes by itself. */
export const deliverySystemSteps = {
  allocate: { from: ['awaiting_allocation', 'awaiting_inventory', 'awaiting_date'], to: 'allocated' },
  'wait-for-inventory': { from: ['awaiting_date'], to: 'awaiting_inventory' },
  'deliver-electronically': { from: ['awaiting_allocation', 'awaiting_inventory', 'awaiting_date', 'allocated'], to: 'delivered' },
  cancel: { from: ['awaiting_allocation', 'awaiting_date', 'awaiting_inventory', 'allocated', 'packing', 'ready_to_ship'], to: 'cancelled' },
  return: { from: ['shipped', 'delivered'], to: 'returned' },
} as const satisfies Record<string, { from: readonly DeliveryStatus[]; to: DeliveryStatus }>

export type DeliveryActionName = keyof typeof deliveryActions
export const deliveryActionNames = Object.keys(deliveryActions) as DeliveryActionName[]
export const isDeliveryAction = (name: string): name is DeliveryActionName => Object.hasOwn(deliveryActions, name)

export function deliveryRefusalOf(name: DeliveryActionName, d: DeliveryFacts): string | undefined {
  const action: DeliveryAction = deliveryActions[name]
  if (!action.from.includes(d.status)) return `"${name}" is not possible while the delivery is ${d.status}`
  return action.guard?.(d)
}

export const allowedDeliveryActions = (d: DeliveryFacts): DeliveryActionName[] =>
  deliveryActionNames.filter((name) => deliveryRefusalOf(name, d) === undefined)
