/** An export cycle for the event's export state, when the shop has an exporter bound to it. */
import type { Database } from '../db/database.ts'
import type { OutboxEvent } from '../jobs/dispatch.ts'
import type { NewJob } from '../jobs/queue.ts'
import { stateOfEvent } from './export-states.ts'

export async function exportJobsFor(trx: Database, event: OutboxEvent): Promise<NewJob[]> {
  const state = stateOfEvent[event.type]
  if (!state || !event.order_id || !event.shop_code) return []
  const bound = await trx.selectFrom('exporters').select('id')
    .where('shop_code', '=', event.shop_code).where('export_state', '=', state).where('active', '=', true).limit(1).executeTakeFirst()
  return bound ? [{ kind: 'export.cycle', payload: { orderId: event.order_id, state, chain: [] }, maxAttempts: 6 }] : []
}
