/**
 * The warehouse shift's work queue: deliveries across orders, oldest first, by state,
 * warehouse, kind and shop (all in the URL); select many and pack, mark ready or ship them,
 * with a carrier from the list and a tracking number per row, or scan a delivery number
 * and then its parcel's tracking number.
 */
import { useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, queryString } from '../api.ts'
import { actionLabel, dateTime, words } from '../format.ts'
import type { List, Warehouse } from '../types.ts'
import { useSession } from '../session.tsx'
import { ActionMenu, Badge, PhoneFold, QueryState } from '../ui.tsx'
import { Tracking } from './Tracking.tsx'
import { carriers } from './carriers.ts'
import { queueStates, runOnMany, type Outcome, type QueuePage, type QueuedDelivery } from './queue-api.ts'
import { Scanner } from './Scanner.tsx'
import { PackingSlips } from './PackingSlips.tsx'

const kinds = ['standard', 'electronic', 'preorder', 'backorder']

export function DeliveryQueue() {
  const [params, setParams] = useSearchParams()
  const { shops, can, locale } = useSession()
  const qc = useQueryClient()
  const status = params.get('status') ?? 'allocated'
  const filters = { status, warehouse: params.get('warehouse') ?? '', kind: params.get('kind') ?? '', shop: params.get('shop') ?? '' }
  const set = (k: string, v: string) => setParams((p) => { const n = new URLSearchParams(p); if (v) n.set(k, v); else n.delete(k); return n }, { replace: true })
  const warehouses = useQuery({ queryKey: ['warehouses'], queryFn: () => get<List<Warehouse>>('/warehouses'), enabled: can('stock.read'), staleTime: 60_000 })
  const queue = useInfiniteQuery({
    queryKey: ['deliveries', filters],
    queryFn: ({ pageParam }) => get<QueuePage>(`/deliveries${queryString({ ...filters, limit: 100, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })
  const items = useMemo(() => queue.data?.pages.flatMap((p) => p.items) ?? [], [queue.data])
  const counts = queue.data?.pages[0]?.counts ?? {}

  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [tracking, setTracking] = useState<Record<string, string>>({})
  const [carrier, setCarrier] = useState(() => localStorage.getItem('ordo.carrier') ?? carriers[0].name)
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({})
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState('')
  const [slipsFor, setSlipsFor] = useState<QueuedDelivery[] | null>(null)
  const chosen = items.filter((d) => selected.has(d.id))
  const possible = (action: string) => chosen.filter((d) => d.allowedActions.includes(action))

  const run = async (action: string, list: QueuedDelivery[]) => {
    setBusy(true); setNotice('')
    const results: Record<string, Outcome> = {}
    await runOnMany(list, action, (d) => (action === 'ship' ? { carrier, trackingNumber: tracking[d.id]?.trim() } : {}),
      (id, o) => { results[id] = o; setOutcomes((prev) => ({ ...prev, [id]: o })) })
    const done = Object.values(results).filter((o) => o.ok).length
    setNotice(`${actionLabel(action)}: ${done} of ${list.length} done${done < list.length ? '; the refused ones say why in their row' : ''}.`)
    setSelected(new Set(Object.entries(results).filter(([, o]) => !o.ok).map(([id]) => id)))
    setBusy(false)
    await qc.invalidateQueries({ queryKey: ['deliveries'] })
  }
  const ship = possible('ship')
  const missingTracking = ship.filter((d) => !tracking[d.id]?.trim())
  const toggleAll = (on: boolean) => setSelected(on ? new Set(items.map((d) => d.id)) : new Set())

  return (
    <section aria-labelledby="deliveries-title">
      <div className="page-head">
        <h1 id="deliveries-title">Deliveries</h1>
        <span className="muted">Oldest first</span>
      </div>
      <div className="state-tabs" role="group" aria-label="Delivery state">
        {queueStates.map((s) => (
          <button key={s.status} type="button" aria-pressed={status === s.status} onClick={() => { set('status', s.status); setSelected(new Set()); setOutcomes({}) }}>
            {s.label} <span className="count">{counts[s.status] ?? 0}</span>
          </button>
        ))}
      </div>
      <PhoneFold label="Filters">
      <div className="filters">
        {(warehouses.data?.items.length ?? 0) > 0 && (
          <label>Warehouse<select value={filters.warehouse} onChange={(e) => set('warehouse', e.target.value)}>
            <option value="">All warehouses</option>
            {warehouses.data!.items.map((w) => <option key={w.code} value={w.code}>{w.name}</option>)}
          </select></label>
        )}
        <label>Kind<select value={filters.kind} onChange={(e) => set('kind', e.target.value)}>
          <option value="">All kinds</option>{kinds.map((k) => <option key={k} value={k}>{words(k)}</option>)}
        </select></label>
        {shops.length > 1 && (
          <label>Shop<select value={filters.shop} onChange={(e) => set('shop', e.target.value)}>
            <option value="">All shops</option>{shops.map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}
          </select></label>
        )}
        {can('deliveries.ship') && (
          <label>Carrier<select value={carrier} onChange={(e) => { setCarrier(e.target.value); localStorage.setItem('ordo.carrier', e.target.value) }}>
            {carriers.map((c) => <option key={c.name}>{c.name}</option>)}
          </select></label>
        )}
        {can('deliveries.ship') && <Scanner carrier={carrier} onShipped={(m) => { setNotice(m); qc.invalidateQueries({ queryKey: ['deliveries'] }) }} />}
      </div>
      </PhoneFold>
      <div className="bulk-bar" role="group" aria-label="Selected deliveries">
        <span><strong>{chosen.length}</strong> selected</span>
        {can('deliveries.fulfil') && <button type="button" className="primary" disabled={busy || possible('pack').length === 0} onClick={() => run('pack', possible('pack'))}>Pack {possible('pack').length || ''}</button>}
        {can('deliveries.fulfil') && <button type="button" className="primary" disabled={busy || possible('ready').length === 0} onClick={() => run('ready', possible('ready'))}>Ready to ship {possible('ready').length || ''}</button>}
        {can('deliveries.ship') && (
          <button type="button" className="primary" disabled={busy || ship.length === 0 || missingTracking.length > 0}
            title={missingTracking.length ? `${missingTracking.length} selected without a tracking number` : undefined}
            onClick={() => run('ship', ship)}>Ship {ship.length || ''} with {carrier}</button>
        )}
        {missingTracking.length > 0 && <span className="muted small">Type or scan a tracking number in each row to ship.</span>}
        {can('documents.read') && (
          <button type="button" disabled={chosen.length === 0} onClick={() => setSlipsFor(chosen)}>Packing slips</button>
        )}
        {busy && <span role="status">Working…</span>}
      </div>
      {slipsFor && <PackingSlips deliveries={slipsFor} onClose={() => setSlipsFor(null)} />}
      {notice && <p className="notice" role="status">{notice}</p>}
      <QueryState pending={queue.isPending} error={queue.error} retry={() => queue.refetch()} empty={items.length === 0} emptyText="No deliveries in this state.">
        <div className="table-wrap">
          <table className="queue">
            <thead><tr>
              <th><input type="checkbox" aria-label="Select all" checked={items.length > 0 && chosen.length === items.length} onChange={(e) => toggleAll(e.target.checked)} /></th>
              <th>Delivery</th><th>Order</th><th>Since</th><th>Ship to</th><th>Items</th><th>Warehouse</th><th>State</th><th>Tracking</th><th>Actions</th>
            </tr></thead>
            <tbody>
              {items.map((d) => {
                const o = outcomes[d.id]
                return (
                  <tr key={d.id} className={o ? (o.ok ? 'done' : 'refused') : undefined}>
                    <td><input type="checkbox" aria-label={`Select delivery ${d.number}`} checked={selected.has(d.id)}
                      onChange={(e) => { const n = new Set(selected); if (e.target.checked) n.add(d.id); else n.delete(d.id); setSelected(n) }} /></td>
                    <td data-label="Delivery"><strong>{d.number}</strong>{d.kind !== 'standard' && <div className="muted small">{words(d.kind)}</div>}</td>
                    <td data-label="Order"><Link to={`/orders/${d.orderId}?tab=deliveries`}>{d.orderNumber}</Link><div className="muted small">{d.shop}</div></td>
                    <td data-label="Since" className="nowrap">{dateTime(d.createdAt, locale(d.shop))}</td>
                    <td data-label="Ship to">{d.customer}<div className="muted small">{d.shipTo}</div></td>
                    <td data-label="Items">{d.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ')}</td>
                    <td data-label="Warehouse">{d.warehouse ?? '–'}</td>
                    <td data-label="State"><Badge status={d.status} />{o && !o.ok && <div className="error small" role="alert">{o.message}</div>}</td>
                    <td data-label="Tracking">
                      {d.status === 'ready_to_ship' && can('deliveries.ship')
                        ? <input className="tracking-input" aria-label={`Tracking number for ${d.number}`} value={tracking[d.id] ?? ''}
                            onChange={(e) => { setTracking({ ...tracking, [d.id]: e.target.value }); if (e.target.value) setSelected(new Set(selected).add(d.id)) }} />
                        : <Tracking carrier={d.carrier} number={d.trackingNumber} />}
                    </td>
                    <td data-label="Actions">
                      <ActionMenu label={`Actions for delivery ${d.number}`} actions={d.allowedActions.filter((a) => a !== 'ship').map((a) => ({ key: a, label: actionLabel(a), run: () => run(a, [d]) }))} />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
        {queue.hasNextPage && <p><button type="button" onClick={() => queue.fetchNextPage()} disabled={queue.isFetchingNextPage}>Show more</button></p>}
      </QueryState>
    </section>
  )
}
