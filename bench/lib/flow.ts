/** One order from placement to delivery through the API: the lifecycle benchmarks' unit of work. */
import { orderBody, type Client, type World } from './world.ts'

/** Place (card, captured at shipment), pack, ready, ship, deliver; false when a step is refused. */
export async function fullFlow(api: Client, world: World, c: number): Promise<boolean> {
  const placed = await api.call('POST', '/orders', orderBody(world, c, 3, { method: 'card', capture: 'on_shipment', token: 'test_ok' }))
  if (placed.status !== 201) return false
  const d = placed.body.deliveries[0].id
  for (const action of ['pack', 'ready', 'ship', 'deliver']) {
    const body = action === 'ship' ? { carrier: 'Post', trackingNumber: 'T1' } : {}
    if ((await api.call('POST', `/orders/${placed.body.id}/deliveries/${d}/actions/${action}`, body)).status !== 200) return false
  }
  return true
}
