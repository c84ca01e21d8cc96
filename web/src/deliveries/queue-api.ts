/** The deliveries work queue's API, and running one action on many deliveries. */
import { post } from '../api.ts'

export interface QueuedDelivery {
  id: string; number: string; orderId: string; orderNumber: string; shop: string; orderStatus: string
  kind: string; status: string; warehouse: string | null; carrier: string | null; trackingNumber: string | null
  availableFrom: string | null; shippedAt: string | null; createdAt: string
  customer: string; shipTo: string; items: { sku: string; quantity: number }[]; allowedActions: string[]
}
export interface QueuePage { items: QueuedDelivery[]; nextCursor: string | null; counts: Record<string, number> }

/** The states a shift works through, in order, with what the desk calls them. */
export const queueStates = [
  { status: 'allocated', label: 'To pack' },
  { status: 'packing', label: 'Packing' },
  { status: 'ready_to_ship', label: 'Ready to ship' },
  { status: 'shipped', label: 'Shipped' },
  { status: 'awaiting_inventory', label: 'Waiting for stock' },
  { status: 'awaiting_date', label: 'Waiting for release' },
  { status: 'awaiting_allocation', label: 'Not allocated' },
  { status: 'delivered', label: 'Delivered' },
] as const

export type Outcome = { ok: true } | { ok: false; message: string }

/** Runs the action on each delivery, a few at a time; every delivery gets its own outcome. */
export async function runOnMany(
  deliveries: QueuedDelivery[], action: string, bodyOf: (d: QueuedDelivery) => Record<string, unknown>,
  onOutcome: (id: string, outcome: Outcome) => void,
): Promise<void> {
  const queue = [...deliveries]
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      try {
        await post(`/orders/${d.orderId}/deliveries/${d.id}/actions/${action}`, bodyOf(d))
        onOutcome(d.id, { ok: true })
      } catch (error) {
        onOutcome(d.id, { ok: false, message: (error as Error).message })
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(4, deliveries.length) }, worker))
}
