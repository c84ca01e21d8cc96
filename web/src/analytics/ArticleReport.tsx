/** The article report (A13): every order with an article whose number contains the text, with totals; CSV download. */
import { useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useQuery } from '@tanstack/react-query'
import { get, queryString } from '../api.ts'
import { dateTime, money } from '../format.ts'
import { useSession } from '../session.tsx'
import { QueryState } from '../ui.tsx'
import './analytics.css'

interface Row { orderId: string; number: string; shop: string; status: string; createdAt: string; customerName: string; currency: string; sku: string; name: string; quantity: number; revenue: number }
interface Report {
  items: Row[]; truncated: boolean
  articles: { sku: string; name: string; currency: string; orders: number; quantity: number; revenue: number }[]
  totals: { currency: string; orders: number; quantity: number; revenue: number }[]
}

const keys = ['sku', 'from', 'to', 'shop'] as const

export function ArticleReport() {
  const [params, setParams] = useSearchParams()
  const { shops, locale } = useSession()
  const query = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<(typeof keys)[number], string>
  const [form, setForm] = useState(query)
  const qs = queryString(query)
  const report = useQuery({ queryKey: ['article-report', qs], queryFn: () => get<Report>(`/reports/articles${qs}`), enabled: !!query.sku })
  const submit = (e: FormEvent) => { e.preventDefault(); setParams(Object.fromEntries(Object.entries(form).filter(([, v]) => v))) }
  const field = (k: (typeof keys)[number]) => ({ value: form[k], onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }) })
  const loc = locale(query.shop || undefined)
  return (
    <section aria-labelledby="report-title">
      <div className="page-head"><h1 id="report-title">Article report</h1></div>
      <form className="filters" role="search" aria-label="Article report" onSubmit={submit}>
        <label className="grow">Article number (or part)<input {...field('sku')} required /></label>
        <label>From<input type="date" {...field('from')} /></label>
        <label>To<input type="date" {...field('to')} /></label>
        {shops.length > 1 && <label>Shop<select {...field('shop')}><option value="">All shops</option>{shops.map((s) => <option key={s.code} value={s.code}>{s.code}</option>)}</select></label>}
        <button type="submit" className="primary">Show</button>
        {query.sku && <a className="button" href={`/api/v1/reports/articles${queryString({ ...query, format: 'csv' })}`} download="articles.csv">Download CSV</a>}
      </form>
      {!query.sku ? <p className="state">Type part of an article number.</p> : (
        <QueryState pending={report.isPending} error={report.error} retry={() => report.refetch()} empty={report.data?.totals.length === 0} emptyText="No orders hold a matching article in this period.">
          {report.data && <>
            <h2>Totals</h2>
            <div className="table-wrap"><table>
              <thead><tr><th>Article</th><th>Currency</th><th className="num">Orders</th><th className="num">Quantity</th><th className="num">Revenue</th></tr></thead>
              <tbody>
                {report.data.articles.map((a) => <tr key={a.sku + a.currency}><td>{a.sku}<div className="muted small">{a.name}</div></td><td>{a.currency}</td><td className="num">{a.orders}</td><td className="num">{a.quantity}</td><td className="num">{money(a.revenue, a.currency, loc)}</td></tr>)}
                {report.data.totals.map((t) => <tr key={t.currency} className="report-totals"><th>All matching articles</th><td>{t.currency}</td><td className="num">{t.orders}</td><td className="num">{t.quantity}</td><td className="num">{money(t.revenue, t.currency, loc)}</td></tr>)}
              </tbody>
            </table></div>
            <h2>Orders</h2>
            <div className="table-wrap"><table>
              <thead><tr><th>Order</th><th>Placed</th><th>Customer</th><th>Article</th><th className="num">Quantity</th><th className="num">Revenue</th></tr></thead>
              <tbody>{report.data.items.map((r) => (
                <tr key={r.orderId + r.sku}><td><Link to={`/orders/${r.orderId}`}>{r.number}</Link></td><td className="nowrap">{dateTime(r.createdAt, locale(r.shop))}</td><td>{r.customerName}</td><td>{r.sku}</td><td className="num">{r.quantity}</td><td className="num">{money(r.revenue, r.currency, locale(r.shop))}</td></tr>
              ))}</tbody>
            </table></div>
            {report.data.truncated && <p className="muted small">The first {report.data.items.length} rows are shown; the totals count every order, and the CSV holds them all.</p>}
          </>}
        </QueryState>
      )}
    </section>
  )
}
