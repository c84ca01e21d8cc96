/** The export states of seed 002 and the events that start them. */
export const exportStates = ['INITPAID', 'DELIVERY', 'CANCELLED', 'RETURNED'] as const
export type ExportState = (typeof exportStates)[number]

export const stateOfEvent: Record<string, ExportState> = {
  // order.paid is written once, when payment is first confirmed in full.
  'order.paid': 'INITPAID',
  'delivery.shipped': 'DELIVERY',
  'order.cancelled': 'CANCELLED',
  'order.returned': 'RETURNED',
}
