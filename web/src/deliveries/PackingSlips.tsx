/**
 * The packing slips of the selected deliveries, from the documents API
 * (GET /orders/{id}/documents, kind packing_slip): one link each, to print.
 */
import { useQuery } from '@tanstack/react-query'
import { get } from '../api.ts'
import type { List } from '../types.ts'
import type { QueuedDelivery } from './queue-api.ts'

interface Document { id: string; kind: string; number: string; deliveryId: string | null; url: string }

export function PackingSlips({ deliveries, onClose }: { deliveries: QueuedDelivery[]; onClose: () => void }) {
  const orderIds = [...new Set(deliveries.map((d) => d.orderId))]
  const docs = useQuery({
    queryKey: ['packing-slips', orderIds],
    queryFn: async () => (await Promise.all(orderIds.map((id) => get<List<Document>>(`/orders/${id}/documents`)))).flatMap((l) => l.items),
  })
  const wanted = new Set(deliveries.map((d) => d.id))
  const slips = (docs.data ?? []).filter((d) => d.kind === 'packing_slip' && (d.deliveryId === null || wanted.has(d.deliveryId)))
  const numberOf = new Map(deliveries.map((d) => [d.id, d.number]))
  return (
    <section className="card slips" aria-label="Packing slips">
      <div className="inline-form"><h2>Packing slips</h2><span className="spacer" /><button type="button" className="small" onClick={onClose}>Close</button></div>
      {docs.isPending && <p role="status">Loading…</p>}
      {docs.isError && <p className="error" role="alert">{docs.error.message}</p>}
      {docs.data && slips.length === 0 && <p className="muted">No packing slips issued for these deliveries yet.</p>}
      <ul className="plain">
        {slips.map((s) => (
          <li key={s.id}><a href={s.url} target="_blank" rel="noopener">{s.number}</a>{s.deliveryId && <span className="muted small"> · delivery {numberOf.get(s.deliveryId)}</span>}</li>
        ))}
      </ul>
    </section>
  )
}
