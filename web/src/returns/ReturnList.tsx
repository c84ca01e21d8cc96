/** Every return of the shops you see, newest first, by status. */
import { Link, useSearchParams } from 'react-router'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { get, queryString } from '../api.ts'
import { dateTime, words } from '../format.ts'
import type { List } from '../types.ts'
import { useSession } from '../session.tsx'
import { Badge, Money, QueryState } from '../ui.tsx'
import type { Return } from './types.ts'

const statuses = ['authorized', 'received', 'refunded', 'cancelled']

export function ReturnList() {
  const [params, setParams] = useSearchParams()
  const status = params.get('status') ?? ''
  const { locale, shop } = useSession()
  const list = useQuery({
    queryKey: ['returns-list', status], queryFn: () => get<List<Return>>(`/returns${queryString({ status, limit: 200 })}`), placeholderData: keepPreviousData,
  })
  return (
    <section aria-labelledby="returns-title">
      <div className="page-head"><h1 id="returns-title">Returns</h1></div>
      <form className="filters" aria-label="Filter returns" onSubmit={(e) => e.preventDefault()}>
        <label>Status
          <select value={status} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}>
            <option value="">All</option>
            {statuses.map((s) => <option key={s} value={s}>{words(s)}</option>)}
          </select>
        </label>
      </form>
      <QueryState pending={list.isPending} error={list.error} retry={() => list.refetch()} empty={list.data?.items.length === 0} emptyText="No returns match.">
        <div className="table-wrap">
          <table>
            <thead><tr><th>Return</th><th>Order</th><th>Shop</th><th>Status</th><th>Units</th><th>Reason</th><th className="num">Refunded</th><th>Created</th></tr></thead>
            <tbody>
              {list.data?.items.map((r) => {
                const loc = locale(r.shop)
                const currency = shop(r.shop)?.currency ?? 'CHF'
                return (
                  <tr key={r.id}>
                    <td>{r.number}</td>
                    <td><Link to={`/orders/${r.orderId}?tab=returns`}>{r.orderNumber ?? r.orderId}</Link></td>
                    <td>{r.shop}</td><td><Badge status={r.status} /></td>
                    <td>{r.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')}</td><td>{r.reason}</td>
                    <td className="num"><Money amount={r.refunded} currency={currency} locale={loc} /></td>
                    <td>{dateTime(r.createdAt, loc)}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      </QueryState>
    </section>
  )
}
