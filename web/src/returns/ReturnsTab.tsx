/**
 * The order's returns: authorise a return of shipped units (RMA), receive it (restock or
 * write off each unit), refund it, or cancel it; and a refund without a return (goodwill).
 */
import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, post } from '../api.ts'
import { dateTime, fractionDigits } from '../format.ts'
import type { List, Order } from '../types.ts'
import { useSession } from '../session.tsx'
import { Badge, Money, QueryState } from '../ui.tsx'
import type { Return } from './types.ts'

const goneOut = new Set(['shipped', 'delivered'])

/** Refreshes the order and everything shown beside it after a change. */
export function useRefreshOrder(orderId: string) {
  const qc = useQueryClient()
  return () => {
    for (const key of [['order', orderId], ['history', orderId], ['transactions', orderId], ['returns', orderId], ['orders'], ['returns-list']]) {
      qc.invalidateQueries({ queryKey: key })
    }
  }
}

export function ReturnsTab({ o, loc }: { o: Order; loc: string }) {
  const { can } = useSession()
  const returns = useQuery({ queryKey: ['returns', o.id, o.version], queryFn: () => get<List<Return>>(`/orders/${o.id}/returns`) })
  const manage = can('returns.manage')
  const m = (n: number) => <Money amount={n} currency={o.totals.currency} locale={loc} />
  const items = returns.data?.items ?? []
  return (
    <>
      {manage && (
        <div className="cards">
          <NewReturn o={o} returns={items} />
          <GoodwillRefund o={o} loc={loc} />
        </div>
      )}
      <QueryState pending={returns.isPending} error={returns.error} retry={() => returns.refetch()} empty={items.length === 0} emptyText="No returns for this order.">
        <div className="deliveries">
          {items.map((r) => (
            <section key={r.id} className="card delivery" aria-label={`Return ${r.number}`}>
              <header><h2>Return {r.number}</h2> <Badge status={r.status} /> <span className="muted small">{dateTime(r.createdAt, loc)} · {r.createdBy}</span></header>
              <p className="muted small">Reason: {r.reason}{r.refunded > 0 && <> · refunded {m(r.refunded)}</>}</p>
              <ul className="items">
                {r.lines.map((l) => (
                  <li key={l.lineId}>{l.quantity} × {l.sku} ({m(l.unitValue)} each)
                    {r.status !== 'authorized' && <span className="muted small"> · received {l.received}: {l.restocked} restocked{l.warehouse ? ` in ${l.warehouse}` : ''}, {l.writtenOff} written off</span>}
                  </li>
                ))}
              </ul>
              {manage && <ReturnActions r={r} o={o} loc={loc} />}
            </section>
          ))}
        </div>
      </QueryState>
    </>
  )
}

function NewReturn({ o, returns }: { o: Order; returns: Return[] }) {
  const refresh = useRefreshOrder(o.id)
  const [quantities, setQuantities] = useState<Record<string, number>>({})
  const [reason, setReason] = useState('')
  const [clientNote, setClientNote] = useState('')
  const shipped = (lineId: string) => o.deliveries.filter((d) => goneOut.has(d.status)).flatMap((d) => d.lines).filter((l) => l.lineId === lineId).reduce((s, l) => s + l.quantity, 0)
  const taken = (lineId: string) => returns.filter((r) => r.status !== 'cancelled')
    .reduce((s, r) => s + (r.lines.find((l) => l.lineId === lineId)?.[r.status === 'authorized' ? 'quantity' : 'received'] ?? 0), 0)
  const open = o.lines.map((l) => ({ l, max: shipped(l.id) - taken(l.id) })).filter((x) => x.max > 0)
  const create = useMutation({
    mutationFn: () => post<Return>(`/orders/${o.id}/returns`, {
      lines: Object.entries(quantities).filter(([, q]) => q > 0).map(([lineId, quantity]) => ({ lineId, quantity })),
      reason: reason.trim(), ...(clientNote.trim() && { clientNote: clientNote.trim() }),
    }),
    onSuccess: () => { setQuantities({}); setReason(''); setClientNote(''); refresh() },
  })
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate() }
  if (open.length === 0) return <section className="card"><h2>New return</h2><p className="muted">Nothing shipped is left to come back.</p></section>
  return (
    <form className="card note-form" onSubmit={submit} aria-label="New return">
      <h2>New return (RMA)</h2>
      {open.map(({ l, max }) => (
        <label key={l.id} className="line-pick">
          <span>{l.sku} · {l.name} (up to {max})</span>
          <input type="number" min={0} max={max} value={quantities[l.id] ?? 0} aria-label={`Units of ${l.sku} to return`}
            onChange={(e) => setQuantities({ ...quantities, [l.id]: Number(e.target.value) })} />
        </label>
      ))}
      <label>Reason<input required value={reason} onChange={(e) => setReason(e.target.value)} /></label>
      <label>Note for the customer (in the RMA e-mail)<input value={clientNote} onChange={(e) => setClientNote(e.target.value)} /></label>
      {create.isError && <p className="error" role="alert">{create.error.message}</p>}
      {create.isSuccess && <p className="notice" role="status">Return {create.data.number} authorised; the customer is e-mailed the number.</p>}
      <button type="submit" className="primary" disabled={create.isPending || !Object.values(quantities).some((q) => q > 0)}>Authorise return</button>
    </form>
  )
}

function ReturnActions({ r, o, loc }: { r: Return; o: Order; loc: string }) {
  const refresh = useRefreshOrder(o.id)
  const [mode, setMode] = useState<'' | 'receive' | 'refund'>('')
  const [restock, setRestock] = useState<Record<string, number>>({})
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [shipping, setShipping] = useState(false)
  const [manual, setManual] = useState(false)
  const digits = fractionDigits(o.totals.currency)
  const run = useMutation({
    mutationFn: (action: string) => {
      if (action === 'receive') {
        const lines = r.lines.flatMap((l) => {
          const back = restock[l.lineId] ?? l.quantity
          return [
            ...(back > 0 ? [{ lineId: l.lineId, quantity: back, disposition: 'restock' }] : []),
            ...(l.quantity - back > 0 ? [{ lineId: l.lineId, quantity: l.quantity - back, disposition: 'write_off' }] : []),
          ]
        })
        return post<Return>(`/returns/${r.id}/actions/receive`, { lines })
      }
      if (action === 'refund') {
        return post<Return>(`/returns/${r.id}/actions/refund`, {
          reason: reason.trim() || 'Return received', ...(amount.trim() && { amount: Math.round(Number(amount) * 10 ** digits) }),
          ...(shipping && { includeShipping: true }), ...(manual && { manual: true }),
        })
      }
      return post<Return>(`/returns/${r.id}/actions/cancel`, {})
    },
    onSuccess: () => { setMode(''); refresh() },
  })
  const value = r.lines.reduce((s, l) => s + l.received * l.unitValue, 0)
  return (
    <div className="row-actions" role="group" aria-label={`Actions for return ${r.number}`}>
      {r.allowedActions.includes('receive') && mode !== 'receive' && <button type="button" className="primary" onClick={() => setMode('receive')}>Receive</button>}
      {r.allowedActions.includes('refund') && mode !== 'refund' && <button type="button" className="primary" onClick={() => setMode('refund')}>Refund</button>}
      {r.allowedActions.includes('cancel') && <button type="button" className="danger" onClick={() => run.mutate('cancel')} disabled={run.isPending}>Cancel return</button>}
      {mode === 'receive' && (
        <form className="note-form" onSubmit={(e) => { e.preventDefault(); run.mutate('receive') }} aria-label={`Receive return ${r.number}`}>
          {r.lines.map((l) => (
            <label key={l.lineId} className="line-pick">
              <span>{l.sku}: units back in stock (the rest of {l.quantity} is written off)</span>
              <input type="number" min={0} max={l.quantity} value={restock[l.lineId] ?? l.quantity} aria-label={`Units of ${l.sku} to restock`}
                onChange={(e) => setRestock({ ...restock, [l.lineId]: Number(e.target.value) })} />
            </label>
          ))}
          <button type="submit" className="primary" disabled={run.isPending}>Confirm receipt</button>
        </form>
      )}
      {mode === 'refund' && (
        <form className="note-form" onSubmit={(e) => { e.preventDefault(); run.mutate('refund') }} aria-label={`Refund return ${r.number}`}>
          <p className="muted small">The received units are worth <Money amount={value} currency={o.totals.currency} locale={loc} />.</p>
          <label>Amount ({o.totals.currency}), empty for the units' value<input type="number" min="0" step="0.01" value={amount} onChange={(e) => setAmount(e.target.value)} /></label>
          <label className="check"><input type="checkbox" checked={shipping} onChange={(e) => setShipping(e.target.checked)} /> Refund the shipping too</label>
          <label>Reason<input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Return received" /></label>
          <label className="check"><input type="checkbox" checked={manual} onChange={(e) => setManual(e.target.checked)} /> Paid back by hand (not through the card gateway)</label>
          <button type="submit" className="primary" disabled={run.isPending}>Refund</button>
        </form>
      )}
      {run.isError && <p className="error" role="alert">{run.error.message}</p>}
    </div>
  )
}

function GoodwillRefund({ o, loc }: { o: Order; loc: string }) {
  const refresh = useRefreshOrder(o.id)
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [manual, setManual] = useState(false)
  const refundable = o.payment.captured - o.payment.refunded
  const digits = fractionDigits(o.totals.currency)
  const run = useMutation({
    mutationFn: () => post<Order>(`/orders/${o.id}/actions/refund`, { amount: Math.round(Number(amount) * 10 ** digits), reason: reason.trim(), ...(manual && { manual: true }) }),
    onSuccess: () => { setAmount(''); setReason(''); setManual(false); refresh() },
  })
  return (
    <form className="card note-form" onSubmit={(e) => { e.preventDefault(); run.mutate() }} aria-label="Refund without a return">
      <h2>Refund without a return</h2>
      <p className="muted small">Goodwill or a price adjustment; at most <Money amount={refundable} currency={o.totals.currency} locale={loc} />.</p>
      <label>Amount ({o.totals.currency})<input type="number" required min="0.01" step="0.01" max={refundable / 10 ** digits} value={amount} onChange={(e) => setAmount(e.target.value)} /></label>
      <label>Reason<input required value={reason} onChange={(e) => setReason(e.target.value)} /></label>
      <label className="check"><input type="checkbox" checked={manual} onChange={(e) => setManual(e.target.checked)} /> Paid back by hand (the gateway refused, or another way)</label>
      {run.isError && <p className="error" role="alert">{run.error.message}</p>}
      {run.isSuccess && <p className="notice" role="status">Refunded.</p>}
      <button type="submit" className="primary" disabled={run.isPending || refundable <= 0}>Refund</button>
    </form>
  )
}
