/** One mail job per event and recipient that has a template. */
import type { Database } from '../db/database.ts'
import type { Lookup, OutboxEvent } from '../jobs/dispatch.ts'
import type { NewJob } from '../jobs/queue.ts'
import { recipientsWithTemplate } from './mail-templates.repo.ts'

export async function mailJobsFor(trx: Database, event: OutboxEvent, lookup: Lookup): Promise<NewJob[]> {
  const shop = event.shop_code
  if (!shop) return []
  let recipients = await lookup(`mail ${shop} ${event.type}`, () => recipientsWithTemplate(trx, shop, event.type))
  // An action run with notifyCustomer: false (after-sales, A7) sends the customer nothing.
  if (event.payload?.notifyCustomer === false) recipients = recipients.filter((r) => r !== 'customer')
  return recipients.map((recipient) => ({ kind: 'mail.send', payload: { eventId: event.id, recipient }, maxAttempts: 6 }))
}
