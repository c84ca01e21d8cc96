/**
 * The finance desk: orders with money outstanding across shops, oldest first, with method,
 * age and payment status; what is outstanding in total per currency; confirm a payment from
 * the row; download the filtered list as CSV or XML through the export API.
 */
import { useCallback, useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { get, queryString } from '../api.ts'
import { actionLabel, dateTime, money, paymentStatuses, words } from '../format.ts'
import type { OrderPage, OrderSummary } from '../types.ts'
import { useSession } from '../session.tsx'
import { ActionMenu, Badge, DateInput, Money, PhoneFold, QueryState } from '../ui.tsx'
import { ActionDialog, type ActionTarget } from '../orders/ActionDialog.tsx'

/** What finance chases: nothing came in yet, or only part. Authorised card payments are captured by themselves. */
const owing = ['unpaid', 'advised', 'partially_paid']
const ageInDays = (iso: string) => Math.floor((Date.now() - Date.parse(iso)) / 86_400_000)
interface OutstandingTotals { totals: { currency: string; amount: number; orders: number }[] }

export function PaymentsDesk() {
  const [params, setParams] = useSearchParams()
  const { shops, can, locale } = useSession()
  const filters = {
    paymentStatus: params.get('paymentStatus') ?? owing.join(','), shop: params.get('shop') ?? '', q: params.get('q') ?? '',
    from: params.get('from') ?? '', to: params.get('to') ?? '',
    status: 'awaiting_approval,awaiting_payment,in_progress,partially_shipped,completed',
  }
  const set = (k: string, v: string) => setParams((p) => { const n = new URLSearchParams(p); if (v) n.set(k, v); else n.delete(k); return n }, { replace: true })
  const filterQuery = queryString(filters)
  const list = useInfiniteQuery({
    queryKey: ['payments', filterQuery],
    queryFn: ({ pageParam }) => get<OrderPage>(`/orders${queryString({ ...filters, sort: 'createdAt', limit: 100, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })
  // Summed by the server over every matching order (GET /payments/outstanding), per currency.
  const totals = useQuery({
    queryKey: ['payments-total', filterQuery],
    queryFn: () => get<OutstandingTotals>(`/payments/outstanding${filterQuery}`),
  })
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data])
  const [target, setTarget] = useState<ActionTarget | null>(null)
  const [notice, setNotice] = useState('')
  const act = useCallback((o: OrderSummary, action: string) => setTarget({ orderId: o.id, orderNumber: o.number, action, currency: o.currency }), [])
  const selectedStatuses = filters.paymentStatus.split(',').filter(Boolean)

  return (
    <section aria-labelledby="payments-title">
      <div className="page-head">
        <h1 id="payments-title">Payments</h1>
        <span className="muted">Outstanding, oldest first</span>
        {can('exports.run') && (
          <div className="order-actions">
            <a className="button" href={`/api/v1/orders/export${queryString({ ...filters, format: 'csv' })}`} download>Download CSV</a>
            <a className="button" href={`/api/v1/orders/export${queryString({ ...filters, format: 'xml' })}`} download>Download XML</a>
          </div>
        )}
      </div>
      <div className="totals" aria-label="Outstanding in total" role="group">
        {totals.isPending && <span className="muted">Adding up…</span>}
        {totals.isError && <span className="error" role="alert">{totals.error.message}</span>}
        {totals.data?.totals.map((t) => (
          <div key={t.currency} className="card total-card">
            <div className="muted small">Outstanding in {t.currency}</div>
            <div className="big">{money(t.amount, t.currency, locale(filters.shop || undefined))}</div>
            <div className="muted small">{t.orders} {t.orders === 1 ? 'order' : 'orders'}</div>
          </div>
        ))}
        {totals.data?.totals.length === 0 && <span className="muted">Nothing is outstanding under these filters.</span>}
      </div>
      <PhoneFold label="Filters">
      <div className="filters">
        <label className="grow">Search<input type="search" defaultValue={filters.q} placeholder="Order number, customer, e-mail"
          onKeyDown={(e) => { if (e.key === 'Enter') set('q', (e.target as HTMLInputElement).value) }} /></label>
        <fieldset className="inline-checks"><legend>Payment</legend>
          {paymentStatuses.filter((s) => [...owing, 'authorized', 'paid', 'partially_refunded'].includes(s)).map((s) => (
            <label key={s} className="check"><input type="checkbox" checked={selectedStatuses.includes(s)}
              onChange={(e) => set('paymentStatus', (e.target.checked ? [...selectedStatuses, s] : selectedStatuses.filter((x) => x !== s)).join(','))} />{words(s)}</label>
          ))}
        </fieldset>
        {shops.length > 1 && (
          <label>Shop<select value={filters.shop} onChange={(e) => set('shop', e.target.value)}>
            <option value="">All shops</option>{shops.map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}
          </select></label>
        )}
        <DateInput label="Placed from" value={filters.from} locale={locale(filters.shop || undefined)} onChange={(v) => set('from', v)} />
        <DateInput label="to" value={filters.to} locale={locale(filters.shop || undefined)} onChange={(v) => set('to', v)} />
      </div>
      </PhoneFold>
      {notice && <p className="notice" role="status">{notice}</p>}
      <QueryState pending={list.isPending} error={list.error} retry={() => list.refetch()} empty={items.length === 0} emptyText="No orders match.">
        <div className="table-wrap">
          <table className="payments">
            <thead><tr><th>Order</th><th>Placed</th><th className="num">Age</th><th>Customer</th><th>Method</th><th>Payment</th>
              <th className="num">Total</th><th className="num">Outstanding</th><th>Reminders</th><th>Actions</th></tr></thead>
            <tbody>
              {items.map((o) => {
                const loc = locale(o.shop)
                const level = o.dunningLevel
                return (
                  <tr key={o.id}>
                    <td data-label="Order"><Link to={`/orders/${o.id}?tab=payments`} className="order-link">{o.number}</Link><div className="muted small">{o.shop}</div></td>
                    <td data-label="Placed" className="nowrap">{dateTime(o.createdAt, loc)}</td>
                    <td data-label="Age" className="num">{ageInDays(o.createdAt)} d</td>
                    <td data-label="Customer">{o.customer.name}</td>
                    <td data-label="Method">{words(o.paymentMethod)}</td>
                    <td data-label="Payment"><Badge status={o.paymentStatus} /></td>
                    <td data-label="Total" className="num"><Money amount={o.total} currency={o.currency} locale={loc} /></td>
                    <td data-label="Outstanding" className="num"><strong><Money amount={o.outstanding} currency={o.currency} locale={loc} /></strong></td>
                    <td data-label="Reminders">{level === null ? <span className="muted">–</span> : level === 0 ? 'none yet' : `level ${level}`}</td>
                    <td data-label="Actions">
                      {o.allowedActions.includes('confirm-payment')
                        ? <button type="button" className="small primary" onClick={() => act(o, 'confirm-payment')} aria-label={`Confirm payment of ${o.number}`}>Confirm payment</button>
                        : null}
                      <ActionMenu label={`More actions for ${o.number}`} actions={o.allowedActions.filter((a) => ['advise-payment', 'override-payment'].includes(a))
                        .map((a) => ({ key: a, label: actionLabel(a), run: () => act(o, a) }))} />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
        {list.hasNextPage && <p><button type="button" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>Show more</button></p>}
      </QueryState>
      {target && <ActionDialog target={target} onClose={() => setTarget(null)} onDone={(m) => { setNotice(m); setTarget(null); list.refetch(); totals.refetch() }} />}
    </section>
  )
}
