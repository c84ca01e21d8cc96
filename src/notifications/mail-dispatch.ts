/** One mail job per event and recipient that has a template. */
import type { Database } from '../db/database.ts'
import type { OutboxEvent } from '../jobs/dispatch.ts'
import type { NewJob } from '../jobs/queue.ts'
import { recipientsWithTemplate } from './mail-templates.repo.ts'

export async function mailJobsFor(trx: Database, event: OutboxEvent): Promise<NewJob[]> {
  if (!event.shop_code) return []
  let recipients = await recipientsWithTemplate(trx, event.shop_code, event.type)
  // An action run with notifyCustomer: false (after-sales, A7) sends the customer nothing.
  if (event.payload?.notifyCustomer === false) recipients = recipients.filter((r) => r !== 'customer')
  return recipients.map((recipient) => ({ kind: 'mail.send', payload: { eventId: event.id, recipient }, maxAttempts: 6 }))
}
