/** Requests for quote: the list, and one quote with its negotiated prices, proposal and order. */
import { useState, type FormEvent } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get, post, queryString } from '../api.ts'
import { date, fractionDigits } from '../format.ts'
import { useSession } from '../session.tsx'
import type { Address, List, Order } from '../types.ts'
import { Badge, Money, QueryState } from '../ui.tsx'
import { AddressForm } from '../drafts/AddressForm.tsx'
import { DeskHistory } from '../drafts/DeskHistory.tsx'
import { toMinor } from '../drafts/draft-api.ts'
import type { Quote, QuoteSummary } from '../drafts/types.ts'
import '../drafts/desk.css'

const views: Record<string, string> = { Open: 'requested,proposed,accepted', Requested: 'requested', Proposed: 'proposed', Accepted: 'accepted', Closed: 'ordered,rejected,expired' }

export function QuoteList() {
  const [params, setParams] = useSearchParams()
  const status = params.get('status') ?? views.Open
  const { locale } = useSession()
  const list = useQuery({ queryKey: ['quotes', status], placeholderData: keepPreviousData, queryFn: () => get<List<QuoteSummary>>(`/quotes${queryString({ status })}`) })
  return (
    <section aria-labelledby="quotes-title">
      <div className="page-head">
        <h1 id="quotes-title">Quotes</h1>
        <div className="presets">
          {Object.entries(views).map(([label, value]) => <button key={label} type="button" aria-pressed={status === value} onClick={() => setParams({ status: value })}>{label}</button>)}
        </div>
      </div>
      <QueryState pending={list.isPending} error={list.error} retry={() => list.refetch()} empty={list.data?.items.length === 0} emptyText="No quotes here.">
        <div className="table-wrap">
          <table>
            <thead><tr><th>Quote</th><th>Shop</th><th>Status</th><th>Customer</th><th>PO reference</th><th className="num">Lines</th><th>Valid until</th><th>Requested</th></tr></thead>
            <tbody>
              {list.data?.items.map((q) => (
                <tr key={q.id}>
                  <td><Link className="order-link" to={`/quotes/${q.id}`}>{q.number}</Link></td><td>{q.shop}</td><td><Badge status={q.status} /></td>
                  <td>{q.customerName}{q.company && <div className="muted small">{q.company}</div>}</td><td>{q.poReference ?? '–'}</td>
                  <td className="num">{q.lineCount}</td><td>{date(q.validUntil, locale(q.shop))}</td><td>{date(q.createdAt, locale(q.shop))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
    </section>
  )
}

export function QuoteDetail() {
  const { id = '' } = useParams()
  const quote = useQuery({ queryKey: ['quote', id], queryFn: () => get<Quote>(`/quotes/${id}`) })
  return <QueryState pending={quote.isPending} error={quote.error} retry={() => quote.refetch()}>{quote.data && <QuoteView q={quote.data} />}</QueryState>
}

function QuoteView({ q }: { q: Quote }) {
  const qc = useQueryClient()
  const { locale } = useSession()
  const loc = locale(q.shop)
  const set = (next: Quote) => qc.setQueryData(['quote', q.id], next)
  const act = useMutation({ mutationFn: ({ action, body }: { action: string; body?: object }) => post<Quote>(`/quotes/${q.id}/actions/${action}`, body), onSuccess: set })
  const negotiable = q.status === 'requested' || q.status === 'proposed'
  return (
    <section aria-labelledby="quote-title">
      <p className="crumbs"><Link to="/quotes">Quotes</Link></p>
      <div className="page-head">
        <h1 id="quote-title">Quote {q.number}</h1><Badge status={q.status} />
        {q.orderId && <Link to={`/orders/${q.orderId}`}>Open the order</Link>}
      </div>
      {act.error && <p role="alert" className="state error">{act.error.message}</p>}
      <div className="desk">
        <div>
          <section className="card">
            <h2>Customer</h2>
            <p><strong>{q.customer.name}</strong>{q.customer.company && ` · ${q.customer.company}`} · {q.customer.email}{q.customer.phone && ` · ${q.customer.phone}`}</p>
            {q.message && <blockquote className="small" style={{ whiteSpace: 'pre-wrap' }}>{q.message}</blockquote>}
            <p className="small">PO reference: {q.poReference ?? '–'} · Cost centre: {q.costCentre ?? '–'}</p>
          </section>
          <Prices q={q} loc={loc} negotiable={negotiable} onSaved={set} />
          <DeskHistory path={`/quotes/${q.id}/history`} version={q.updatedAt} locale={loc} />
        </div>
        <div>
          {negotiable && <Propose q={q} onPropose={(validUntil, note) => act.mutate({ action: 'propose', body: { validUntil, ...(note && { note }) } })} />}
          {(q.allowedActions.includes('accept') || q.allowedActions.includes('reject')) && <section className="card row-actions" aria-label="The customer's answer">
            {q.allowedActions.includes('accept') && <button type="button" onClick={() => act.mutate({ action: 'accept', body: {} })}>Customer accepted</button>}
            {q.allowedActions.includes('reject') && <button type="button" className="danger" onClick={() => act.mutate({ action: 'reject', body: {} })}>Rejected</button>}
          </section>}
          {q.status === 'accepted' && <OrderIt q={q} />}
        </div>
      </div>
    </section>
  )
}

function Prices({ q, loc, negotiable, onSaved }: { q: Quote; loc: string; negotiable: boolean; onSaved: (q: Quote) => void }) {
  const digits = fractionDigits(q.totals.currency)
  const [prices, setPrices] = useState(() => q.lines.map((l) => (l.unitPrice / 10 ** digits).toFixed(digits)))
  const save = useMutation({
    mutationFn: () => api<Quote>('PATCH', `/quotes/${q.id}`, { lines: q.lines.map((l, i) => ({ sku: l.sku, quantity: l.quantity, unitPrice: toMinor(prices[i], digits) })) }),
    onSuccess: onSaved,
  })
  const valid = prices.every((p) => Number.isFinite(toMinor(p, digits)))
  return (
    <form className="card" onSubmit={(e) => { e.preventDefault(); save.mutate() }} aria-labelledby="prices-h">
      <h2 id="prices-h">Lines and prices</h2>
      <table aria-label="Quote lines">
        <thead><tr><th>Product</th><th className="num">Quantity</th><th className="num">Catalogue</th><th className="num">Negotiated</th><th className="num">Amount</th></tr></thead>
        <tbody>
          {q.lines.map((l, i) => (
            <tr key={l.sku}>
              <td>{l.name}<div className="muted small">{l.sku}</div></td><td className="num">{l.quantity}</td>
              <td className="num"><Money amount={l.cataloguePrice} currency={q.totals.currency} locale={loc} /></td>
              <td className="num">{negotiable
                ? <input className="amount" inputMode="decimal" aria-label={`Negotiated price of ${l.sku}`} value={prices[i]} onChange={(e) => setPrices(prices.map((p, j) => (j === i ? e.target.value : p)))} />
                : <Money amount={l.unitPrice} currency={q.totals.currency} locale={loc} />}</td>
              <td className="num"><Money amount={l.amount} currency={q.totals.currency} locale={loc} /></td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr className="total"><th colSpan={4}>Total</th><td className="num"><Money amount={q.totals.total} currency={q.totals.currency} locale={loc} /></td></tr></tfoot>
      </table>
      {negotiable && <button type="submit" disabled={!valid || save.isPending}>Save prices</button>}
      {save.error && <p role="alert" className="state error">{save.error.message}</p>}
    </form>
  )
}

function Propose({ q, onPropose }: { q: Quote; onPropose: (validUntil: string, note: string) => void }) {
  const [validUntil, setValidUntil] = useState(q.validUntil ?? new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10))
  const [note, setNote] = useState('')
  const submit = (e: FormEvent) => { e.preventDefault(); onPropose(validUntil, note) }
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="propose-h">
      <h2 id="propose-h">Send the proposal</h2>
      <label>Valid until<input type="date" value={validUntil} onChange={(e) => setValidUntil(e.target.value)} required /></label>
      <label>Message to the customer<textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={3} /></label>
      <button type="submit" className="primary">{q.status === 'proposed' ? 'Send again' : 'Send proposal'}</button>
    </form>
  )
}

function OrderIt({ q }: { q: Quote }) {
  const navigate = useNavigate()
  const [address, setAddress] = useState<Address | null>(null)
  const [approver, setApprover] = useState('')
  const order = useMutation({
    mutationFn: () => post<Order>(`/quotes/${q.id}/actions/order`, { billingAddress: address, payment: { method: 'invoice' }, ...(approver && { approver }) }),
    onSuccess: (o) => navigate(`/orders/${o.id}`),
  })
  return (
    <section className="card stack" aria-labelledby="order-h">
      <h2 id="order-h">Order at these prices</h2>
      <AddressForm initial={address} fallbackName={q.customer.company ?? q.customer.name} onSave={setAddress} label="Use this billing address" />
      {address && <p className="small">Billing to: {[address.name, address.street, `${address.postalCode} ${address.city}`, address.country].join(', ')}</p>}
      <label>Approved by (at the customer)<input value={approver} onChange={(e) => setApprover(e.target.value)} maxLength={200} /></label>
      <button type="button" className="primary" disabled={!address || order.isPending} onClick={() => order.mutate()}>Place order on invoice</button>
      {order.error && <p role="alert" className="state error">{order.error.message}</p>}
    </section>
  )
}
