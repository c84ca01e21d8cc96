/**
 * The analytics dashboard (A27): per shop and currency, in the shop's time zone; each figure
 * beside the same figure for the period just before.
 */
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { useQuery } from '@tanstack/react-query'
import { get, queryString } from '../api.ts'
import { money } from '../format.ts'
import { useSession } from '../session.tsx'
import { QueryState } from '../ui.tsx'
import { EChart, type ChartOption } from './EChart.tsx'
import './analytics.css'

interface Period { from: string; to: string }
interface Head { shop: string; currency: string; timeZone: string; period: Period; previousPeriod: Period }
interface Totals {
  orders: number; revenue: number; averageOrderValue: number; cancelled: number; cancellationRate: number
  returned: number; returnRate: number; hoursToShipment: { median: number | null; p90: number | null; shipped: number }
}
interface Summary extends Head { current: Totals; previous: Totals }
interface Point { period: string; orders: number; revenue: number }
interface Series extends Head { points: Point[]; previousPoints: Point[] }
interface Ranked<T> extends Head { items: T[]; previousItems: T[] }
interface ProductRow { sku: string; name: string; orders: number; quantity: number; revenue: number }
interface CustomerRow { customerId: string; name: string; email: string; orders: number; revenue: number }
interface RegionRow { country: string; region: string | null; orders: number; revenue: number }

const periods = [
  { days: 7, label: 'Last 7 days' }, { days: 30, label: 'Last 30 days' }, { days: 90, label: 'Last 90 days' }, { days: 365, label: 'Last 12 months' },
]
const dayOffset = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10)

export function Dashboard() {
  const { shops, locale } = useSession()
  const [params, setParams] = useSearchParams()
  const shop = params.get('shop') ?? shops[0]?.code ?? ''
  const days = Number(params.get('days') ?? 30)
  const interval = params.get('interval') ?? (days > 120 ? 'month' : days > 31 ? 'week' : 'day')
  const [shopText, setShopText] = useState(shop)
  const set = (k: string, v: string) => setParams((p) => { const n = new URLSearchParams(p); if (v) n.set(k, v); else n.delete(k); return n })
  const qs = queryString({ shop, from: dayOffset(days - 1), to: dayOffset(0), interval, limit: 10 })
  const enabled = !!shop
  const summary = useQuery({ queryKey: ['analytics', 'summary', qs], queryFn: () => get<Summary>(`/analytics/summary${qs}`), enabled })
  const series = useQuery({ queryKey: ['analytics', 'series', qs], queryFn: () => get<Series>(`/analytics/orders-over-time${qs}`), enabled })
  const products = useQuery({ queryKey: ['analytics', 'products', qs], queryFn: () => get<Ranked<ProductRow>>(`/analytics/products${qs}`), enabled })
  const customers = useQuery({ queryKey: ['analytics', 'customers', qs], queryFn: () => get<Ranked<CustomerRow>>(`/analytics/customers${qs}`), enabled })
  const regions = useQuery({ queryKey: ['analytics', 'regions', qs], queryFn: () => get<Ranked<RegionRow>>(`/analytics/regions${qs}`), enabled })
  const loc = locale(shop)
  const cur = summary.data?.currency ?? 'CHF'
  const fmt = (minor: number) => money(minor, cur, loc)

  return (
    <section aria-labelledby="analytics-title">
      <div className="page-head"><h1 id="analytics-title">Analytics</h1></div>
      <form className="filters" aria-label="Analytics period" onSubmit={(e) => { e.preventDefault(); set('shop', shopText) }}>
        {shops.length ? (
          <label>Shop<select value={shop} onChange={(e) => set('shop', e.target.value)}>{shops.map((s) => <option key={s.code} value={s.code}>{s.name} ({s.code})</option>)}</select></label>
        ) : (
          <label>Shop<input value={shopText} onChange={(e) => setShopText(e.target.value)} size={10} /></label>
        )}
        <label>Period<select value={days} onChange={(e) => set('days', e.target.value)}>{periods.map((p) => <option key={p.days} value={p.days}>{p.label}</option>)}</select></label>
        <label>By<select value={interval} onChange={(e) => set('interval', e.target.value)}><option value="day">day</option><option value="week">week</option><option value="month">month</option></select></label>
        {summary.data && <p className="muted small">{summary.data.period.from} – {summary.data.period.to} against {summary.data.previousPeriod.from} – {summary.data.previousPeriod.to} · {summary.data.currency} · {summary.data.timeZone}</p>}
      </form>
      {!shop ? <p className="state">Choose a shop.</p> : (
        <QueryState pending={summary.isPending} error={summary.error} retry={() => summary.refetch()}>
          {summary.data && <Kpis s={summary.data} fmt={fmt} />}
          <div className="charts">
            <section className="card"><h2>Revenue and orders</h2>{series.data && <EChart label="Revenue and orders over time, with the period before" option={seriesOption(series.data, fmt)} />}</section>
            <section className="card"><h2>Top articles by revenue</h2>{products.data && <EChart label="Top articles by revenue" option={rankOption(products.data.items.map((p) => [p.sku, p.revenue]), products.data.previousItems.map((p) => [p.sku, p.revenue]), fmt)} />}</section>
            <section className="card"><h2>Revenue by country and region</h2>{regions.data && <EChart label="Revenue by region" option={rankOption(regions.data.items.map((r) => [place(r), r.revenue]), regions.data.previousItems.map((r) => [place(r), r.revenue]), fmt)} />}</section>
            <section className="card"><h2>Top customers</h2>
              {customers.data && (customers.data.items.length === 0 ? <p className="state">No orders in this period.</p> : (
                <div className="table-wrap"><table>
                  <thead><tr><th>Customer</th><th className="num">Orders</th><th className="num">Revenue</th></tr></thead>
                  <tbody>{customers.data.items.map((c) => <tr key={c.customerId}><td><a href={`/customers/${c.customerId}`}>{c.name}</a><div className="muted small">{c.email}</div></td><td className="num">{c.orders}</td><td className="num">{fmt(c.revenue)}</td></tr>)}</tbody>
                </table></div>
              ))}
            </section>
          </div>
        </QueryState>
      )}
    </section>
  )
}

const place = (r: RegionRow) => (r.region ? `${r.country} ${r.region}` : r.country || '–')

function Kpis({ s, fmt }: { s: Summary; fmt: (n: number) => string }) {
  const pct = (n: number) => `${(n * 100).toFixed(1)} %`
  const hours = (h: number | null) => (h === null ? '–' : h < 48 ? `${h} h` : `${(h / 24).toFixed(1)} d`)
  const items: { label: string; now: string; delta: number | null; lowerIsBetter?: boolean }[] = [
    { label: 'Orders', now: s.current.orders.toLocaleString(), delta: change(s.current.orders, s.previous.orders) },
    { label: 'Revenue', now: fmt(s.current.revenue), delta: change(s.current.revenue, s.previous.revenue) },
    { label: 'Average order value', now: fmt(s.current.averageOrderValue), delta: change(s.current.averageOrderValue, s.previous.averageOrderValue) },
    { label: 'Cancellation rate', now: pct(s.current.cancellationRate), delta: change(s.current.cancellationRate, s.previous.cancellationRate), lowerIsBetter: true },
    { label: 'Return rate', now: pct(s.current.returnRate), delta: change(s.current.returnRate, s.previous.returnRate), lowerIsBetter: true },
    { label: 'To shipment, median', now: hours(s.current.hoursToShipment.median), delta: change(s.current.hoursToShipment.median, s.previous.hoursToShipment.median), lowerIsBetter: true },
    { label: 'To shipment, 90 %', now: hours(s.current.hoursToShipment.p90), delta: change(s.current.hoursToShipment.p90, s.previous.hoursToShipment.p90), lowerIsBetter: true },
  ]
  return (
    <div className="kpis">
      {items.map((k) => (
        <div key={k.label} className="kpi">
          <div className="label">{k.label}</div>
          <div className="value">{k.now}</div>
          <div className={`delta ${k.delta === null || k.delta === 0 ? '' : (k.delta > 0) !== !!k.lowerIsBetter ? 'up' : 'down'}`}>
            {k.delta === null ? 'no comparison' : `${k.delta > 0 ? '+' : ''}${(k.delta * 100).toFixed(1)} % on the period before`}
          </div>
        </div>
      ))}
    </div>
  )
}

const change = (now: number | null, before: number | null) => (now === null || before === null || before === 0 ? null : (now - before) / before)

function seriesOption(s: Series, fmt: (n: number) => string): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toLocaleString() : String(v)) },
    legend: { top: 0 },
    grid: { left: 60, right: 50, top: 35, bottom: 30 },
    xAxis: { type: 'category', data: s.points.map((p) => p.period) },
    yAxis: [
      { type: 'value', name: s.currency, axisLabel: { formatter: (v: number) => fmt(v).replace(/[.,]00$/, '') } },
      { type: 'value', name: 'orders', splitLine: { show: false } },
    ],
    series: [
      { name: 'Revenue', type: 'line', data: s.points.map((p) => p.revenue) },
      { name: 'Revenue, period before', type: 'line', lineStyle: { type: 'dashed' }, data: s.previousPoints.slice(-s.points.length).map((p) => p.revenue) },
      { name: 'Orders', type: 'bar', yAxisIndex: 1, data: s.points.map((p) => p.orders), itemStyle: { opacity: 0.35 } },
    ],
  }
}

function rankOption(now: [string, number][], before: [string, number][], fmt: (n: number) => string): ChartOption {
  const names = now.map(([n]) => n).reverse()
  const previous = new Map(before)
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt(v) : String(v)) },
    legend: { top: 0 },
    grid: { left: 110, right: 20, top: 30, bottom: 25 },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt(v).replace(/[.,]00$/, '') } },
    yAxis: { type: 'category', data: names },
    series: [
      { name: 'This period', type: 'bar', data: names.map((n) => now.find(([x]) => x === n)?.[1] ?? 0) },
      { name: 'Period before', type: 'bar', data: names.map((n) => previous.get(n) ?? 0), itemStyle: { opacity: 0.45 } },
    ],
  }
}

export default Dashboard
