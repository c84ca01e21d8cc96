/** An export cycle for the event's export state, when the shop has an exporter bound to it. */
import type { Database } from '../db/database.ts'
import type { Lookup, OutboxEvent } from '../jobs/dispatch.ts'
import type { NewJob } from '../jobs/queue.ts'
import { stateOfEvent } from './export-states.ts'

export async function exportJobsFor(trx: Database, event: OutboxEvent, lookup: Lookup): Promise<NewJob[]> {
  const state = stateOfEvent[event.type], shop = event.shop_code
  if (!state || !event.order_id || !shop) return []
  const bound = await lookup(`exporter ${shop} ${state}`, () => trx.selectFrom('exporters').select('id')
    .where('shop_code', '=', shop).where('export_state', '=', state).where('active', '=', true).limit(1).executeTakeFirst())
  return bound ? [{ kind: 'export.cycle', payload: { orderId: event.order_id, state, chain: [] }, maxAttempts: 6 }] : []
}
