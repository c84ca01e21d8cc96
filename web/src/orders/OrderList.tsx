/**
 * The order list: the A12 search with presets, every filter in the URL (bookmark it,
 * share it), server-side sorting and keyset paging with the next page fetched ahead.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { useLocation, useSearchParams } from 'react-router'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, queryString } from '../api.ts'
import { fractionDigits, orderStatuses, paymentStatuses, words } from '../format.ts'
import type { OrderPage, OrderSummary } from '../types.ts'
import { useSession } from '../session.tsx'
import { DateInput, PhoneFold, QueryState } from '../ui.tsx'
import { OrdersTable } from './OrdersTable.tsx'
import { ActionDialog, type ActionTarget } from './ActionDialog.tsx'
import { presets } from './presets.ts'

const filterKeys = ['q', 'status', 'paymentStatus', 'shop', 'sku', 'from', 'to', 'minTotal', 'maxTotal', 'sort', 'limit'] as const
const pageSizes = [25, 50, 100, 200]

export function OrderList() {
  const [params, setParams] = useSearchParams()
  const { shops, shop: shopOf, locale } = useSession()
  const qc = useQueryClient()
  const [target, setTarget] = useState<ActionTarget | null>(null)
  const [notice, setNotice] = useState('')
  // Keyset paging goes forward; the cursors of the pages before this one (kept in the browser's
  // history with the URL) let it go back, also after opening an order and coming back to the list.
  const location = useLocation()
  const previous: (string | null)[] = (location.state as { previous?: (string | null)[] } | null)?.previous ?? []

  const filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? ''])) as Record<(typeof filterKeys)[number], string>
  const cursor = params.get('cursor')
  const pageNo = cursor ? Math.max(2, Number(params.get('page')) || 2) : 1
  const limit = Number(filters.limit) || 50
  // Totals are typed in the currency's main unit and sent in minor units.
  const digits = fractionDigits(shopOf(filters.shop)?.currency ?? 'EUR')
  const minor = (v: string) => (v === '' || Number.isNaN(Number(v)) ? undefined : Math.round(Number(v) * 10 ** digits))
  const apiQuery = (c: string | null) => queryString({
    q: filters.q, status: filters.status, paymentStatus: filters.paymentStatus, shop: filters.shop, sku: filters.sku,
    from: filters.from, to: filters.to, minTotal: minor(filters.minTotal), maxTotal: minor(filters.maxTotal),
    sort: filters.sort, limit, cursor: c,
  })
  const path = `/orders${apiQuery(cursor)}`
  const page = useQuery({ queryKey: ['orders', path], queryFn: () => get<OrderPage>(path), placeholderData: keepPreviousData })

  // Fetch the next page ahead, so "Next" is instant.
  const next = page.data?.nextCursor
  useEffect(() => {
    if (!next) return
    const nextPath = `/orders${apiQuery(next)}`
    qc.prefetchQuery({ queryKey: ['orders', nextPath], queryFn: () => get<OrderPage>(nextPath), staleTime: 10_000 })
  }, [next]) // eslint-disable-line react-hooks/exhaustive-deps

  /** Changes filters (not the page): back to the first page. */
  const update = useCallback((changes: Partial<Record<(typeof filterKeys)[number], string>>) => {
    setParams((p) => {
      const n = new URLSearchParams(p)
      n.delete('cursor'); n.delete('page')
      for (const [k, v] of Object.entries(changes)) { if (v) n.set(k, v); else n.delete(k) }
      return n
    }, { state: { previous: [] } })
  }, [setParams])

  const goNext = () => {
    if (!next) return
    setParams((p) => { const n = new URLSearchParams(p); n.set('cursor', next); n.set('page', String(pageNo + 1)); return n }, { state: { previous: [...previous, cursor] } })
  }
  const goBack = () => {
    const before = previous.at(-1) ?? null
    setParams((p) => {
      const n = new URLSearchParams(p)
      if (before) { n.set('cursor', before); n.set('page', String(pageNo - 1)) } else { n.delete('cursor'); n.delete('page') }
      return n
    }, { state: { previous: previous.slice(0, -1) } })
  }
  const onAction = useCallback((o: OrderSummary, action: string) =>
    setTarget({ orderId: o.id, orderNumber: o.number, action, currency: o.currency }), [])

  const statuses = filters.status ? filters.status.split(',') : []
  const payments = filters.paymentStatus ? filters.paymentStatus.split(',') : []
  const activePreset = presets.find((p) => p.status.join() === statuses.join() && p.paymentStatus.join() === payments.join())

  return (
    <section aria-labelledby="orders-title">
      {/* Keyboard: Tab, Enter on "Skip to content", Tab, Enter here: the first order has the focus. */}
      <a href="#first-order" className="skip-inline" onClick={(e) => { e.preventDefault(); document.querySelector<HTMLElement>('table.orders .order-link')?.focus() }}>Skip to the first order</a>
      <div className="page-head">
        <h1 id="orders-title">Orders</h1>
        <div className="presets" role="group" aria-label="Presets">
          {presets.map((p) => (
            <button key={p.label} type="button" title={p.hint} aria-pressed={activePreset === p}
              onClick={() => update(activePreset === p ? { status: '', paymentStatus: '' } : { status: p.status.join(','), paymentStatus: p.paymentStatus.join(',') })}>
              {p.label}
            </button>
          ))}
        </div>
      </div>
      <Filters filters={filters} locale={locale(filters.shop || undefined)} shops={shops.map((s) => s.code)} statuses={statuses} payments={payments} update={update} />
      {notice && <p className="notice" role="status">{notice}</p>}
      <QueryState pending={page.isPending} error={page.error} retry={() => page.refetch()}
        empty={page.data?.items.length === 0} emptyText={cursor ? 'No more orders.' : 'No orders match these filters.'}>
        <div className={page.isPlaceholderData ? 'stale' : undefined} aria-busy={page.isFetching}>
          <OrdersTable items={page.data?.items ?? []} showCity={filters.q.startsWith('@')} sort={filters.sort || '-createdAt'} onSort={(sort) => update({ sort: sort === '-createdAt' ? '' : sort })} onAction={onAction} />
        </div>
      </QueryState>
      <nav className="pager" aria-label="Pages">
        <label>Per page
          <select value={limit} onChange={(e) => update({ limit: e.target.value === '50' ? '' : e.target.value })}>
            {pageSizes.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <span className="muted">Page {pageNo}{page.data ? ` · ${page.data.items.length} orders` : ''}</span>
        <MatchCount page={page.data} cursor={cursor} />
        <button type="button" onClick={() => update({})} disabled={!cursor}>First</button>
        <button type="button" onClick={goBack} disabled={!cursor}>Previous</button>
        <button type="button" onClick={goNext} disabled={!next || page.isPlaceholderData}>Next</button>
      </nav>
      {target && <ActionDialog target={target} onClose={() => setTarget(null)} onDone={(m) => { setNotice(m); setTarget(null) }} />}
    </section>
  )
}

/** "1,234 orders match" on the first page; the count stops at a cap, then "more than". Kept while paging. */
function MatchCount({ page, cursor }: { page?: OrderPage; cursor: string | null }) {
  const [kept, setKept] = useState<OrderPage | undefined>(undefined)
  if (page && !cursor && page !== kept && page.count !== undefined) setKept(page)
  const shown = cursor ? kept : page
  if (!shown || shown.count === undefined || shown.count === null) return null
  const n = shown.count.toLocaleString()
  return <span className="muted" role="status">{shown.countIsExact ? `${n} ${shown.count === 1 ? 'order matches' : 'orders match'}` : `more than ${n} orders match`}</span>
}

function Filters({ filters, locale, shops, statuses, payments, update }: {
  filters: Record<string, string>; locale: string; shops: string[]; statuses: string[]; payments: string[]
  update: (changes: Record<string, string>) => void
}) {
  const [text, setText] = useState(filters)
  // The URL is the truth: follow it when it changes (back button, a preset, a shared link).
  const key = JSON.stringify(filters)
  const seen = useRef(key)
  if (seen.current !== key) { seen.current = key; setText(filters) }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    update({ q: text.q, sku: text.sku, from: text.from, to: text.to, minTotal: text.minTotal, maxTotal: text.maxTotal })
  }
  const field = (k: string) => ({ value: text[k] ?? '', onChange: (e: { target: { value: string } }) => setText({ ...text, [k]: e.target.value }) })
  const searchRef = useRef<HTMLInputElement>(null)
  useEffect(() => {
    // "/" jumps to the search, as in most back offices.
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement
      if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)) { e.preventDefault(); searchRef.current?.focus() }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
  const anything = Object.entries(filters).some(([k, v]) => v && k !== 'sort' && k !== 'limit')

  return (
    <form className="filters" onSubmit={submit} role="search" aria-label="Search orders">
      <label className="grow">Search
        <input ref={searchRef} type="search" placeholder="Order or invoice number (or part), customer, e-mail, phone, @city or street" {...field('q')} />
      </label>
      <PhoneFold label="More filters">
        <div className="fold-contents">
          <label>SKU<input {...field('sku')} size={12} /></label>
          <DateInput label="From" value={text.from ?? ''} locale={locale} onChange={(v) => setText({ ...text, from: v })} />
          <DateInput label="To" value={text.to ?? ''} locale={locale} onChange={(v) => setText({ ...text, to: v })} />
          <label>Total from<input type="number" min="0" step="0.01" inputMode="decimal" {...field('minTotal')} className="amount" /></label>
          <label>to<input type="number" min="0" step="0.01" inputMode="decimal" {...field('maxTotal')} className="amount" /></label>
        </div>
      </PhoneFold>
      <button type="submit" className="primary">Search</button>
      <div className="filter-row">
        <MultiSelect label="Status" options={orderStatuses} selected={statuses} onChange={(v) => update({ status: v.join(',') })} />
        <MultiSelect label="Payment" options={paymentStatuses} selected={payments} onChange={(v) => update({ paymentStatus: v.join(',') })} />
        {shops.length > 1 && (
          <label className="inline">Shop
            <select value={filters.shop} onChange={(e) => update({ shop: e.target.value })}>
              <option value="">All shops</option>
              {shops.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
        )}
        {anything && <button type="button" className="link" onClick={() => update(Object.fromEntries(Object.keys(filters).filter((k) => k !== 'sort' && k !== 'limit').map((k) => [k, ''])))}>Clear filters</button>}
      </div>
    </form>
  )
}

function MultiSelect({ label, options, selected, onChange }: {
  label: string; options: readonly string[]; selected: string[]; onChange: (values: string[]) => void
}) {
  // Ticked at once, before the URL (and so the list) follows: quick clicks build on each other.
  const [ticked, setTicked] = useState(selected)
  const key = selected.join()
  useEffect(() => setTicked(selected), [key]) // eslint-disable-line react-hooks/exhaustive-deps
  const change = (values: string[]) => { setTicked(values); onChange(values) }
  const summary = ticked.length === 0 ? 'any' : ticked.length <= 2 ? ticked.map(words).join(', ') : `${ticked.length} selected`
  return (
    <details className="multi">
      <summary>{label}: {summary}</summary>
      <fieldset>
        <legend className="sr-only">{label}</legend>
        {options.map((o) => (
          <label key={o} className="check">
            <input type="checkbox" checked={ticked.includes(o)}
              onChange={(e) => change(e.target.checked ? options.filter((x) => x === o || ticked.includes(x)) : ticked.filter((x) => x !== o))} />
            {words(o)}
          </label>
        ))}
      </fieldset>
    </details>
  )
}
