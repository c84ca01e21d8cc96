/** Draft orders: the open ones (or any status), and the way to start a new order. */
import { useState, type FormEvent } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import { get, post, queryString } from '../api.ts'
import { dateTime } from '../format.ts'
import { useSession } from '../session.tsx'
import type { List } from '../types.ts'
import { Badge, QueryState } from '../ui.tsx'
import type { Draft, DraftSummary } from './types.ts'
import './desk.css'

const views: Record<string, string> = { 'Open': 'open,held,handed_back', 'Held': 'held', 'With the customer': 'handed_back', 'Placed': 'placed', 'Discarded': 'discarded' }

export function DraftList() {
  const [params, setParams] = useSearchParams()
  const status = params.get('status') ?? views.Open
  const mine = params.get('assignee') === 'me'
  const { locale } = useSession()
  const list = useQuery({
    queryKey: ['drafts', status, mine], placeholderData: keepPreviousData,
    queryFn: () => get<List<DraftSummary>>(`/drafts${queryString({ status, assignee: mine ? 'me' : undefined })}`),
  })
  return (
    <section aria-labelledby="drafts-title">
      <div className="page-head">
        <h1 id="drafts-title">Draft orders</h1>
        <div className="presets">
          {Object.entries(views).map(([label, value]) => (
            <button key={label} type="button" aria-pressed={status === value} onClick={() => setParams({ status: value, ...(mine && { assignee: 'me' }) })}>{label}</button>
          ))}
          <button type="button" aria-pressed={mine} onClick={() => setParams({ status, ...(!mine && { assignee: 'me' }) })}>Mine</button>
          <Link to="/drafts/new" className="button primary">New order</Link>
        </div>
      </div>
      <QueryState pending={list.isPending} error={list.error} retry={() => list.refetch()} empty={list.data?.items.length === 0} emptyText="No drafts here.">
        <div className="table-wrap">
          <table>
            <thead><tr><th>Draft</th><th>Shop</th><th>Status</th><th>Customer</th><th className="num">Lines</th><th>Assigned to</th><th>Held until</th><th>Source</th><th>Changed</th></tr></thead>
            <tbody>
              {list.data?.items.map((d) => (
                <tr key={d.id}>
                  <td><Link className="order-link" to={`/drafts/${d.id}`}>{d.id.slice(-8)}</Link></td>
                  <td>{d.shop}</td><td><Badge status={d.status} /></td><td>{d.customerName ?? <span className="muted">none yet</span>}</td>
                  <td className="num">{d.lineCount}</td><td>{d.assignee ?? '–'}</td><td>{dateTime(d.holdUntil, locale(d.shop))}</td>
                  <td>{d.source}</td><td>{dateTime(d.updatedAt, locale(d.shop))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
    </section>
  )
}

/** A new order starts as a draft in a shop; the editor takes it from there. */
export function NewOrder() {
  const { shops } = useSession()
  const navigate = useNavigate()
  const [shop, setShop] = useState(shops[0]?.code ?? '')
  const [source, setSource] = useState('phone')
  const start = useMutation({
    mutationFn: () => post<Draft>('/drafts', { shop, source }),
    onSuccess: (d) => navigate(`/drafts/${d.id}`),
  })
  const submit = (e: FormEvent) => { e.preventDefault(); start.mutate() }
  return (
    <section aria-labelledby="new-order-title">
      <p className="crumbs"><Link to="/drafts">Draft orders</Link></p>
      <h1 id="new-order-title">New order</h1>
      <form className="filters" onSubmit={submit} aria-label="Start a new order">
        <label>Shop
          <select value={shop} onChange={(e) => setShop(e.target.value)} required>
            {shops.map((s) => <option key={s.code} value={s.code}>{s.name} ({s.code})</option>)}
          </select>
        </label>
        <label>Taken by
          <select value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="phone">Phone</option><option value="staff">Counter / staff</option><option value="email">E-mail</option>
          </select>
        </label>
        <button type="submit" className="primary" disabled={!shop || start.isPending}>Start order</button>
        {start.error && <p role="alert" className="state error">{start.error.message}</p>}
      </form>
    </section>
  )
}
