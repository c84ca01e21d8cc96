/** One draft order: customer, products, prices, address, live totals and stock, and what can be done with it. */
import { useState, type FormEvent } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get } from '../api.ts'
import { dateTime } from '../format.ts'
import { useSession } from '../session.tsx'
import { Badge, Money, QueryState } from '../ui.tsx'
import { DeskHistory } from './DeskHistory.tsx'
import { CustomerPicker, ProductPicker } from './Pickers.tsx'
import { AddressForm } from './AddressForm.tsx'
import { LinesTable } from './LinesTable.tsx'
import { draftAction, linesOf, patchDraft } from './draft-api.ts'
import type { Draft } from './types.ts'
import type { Order } from '../types.ts'
import { post } from '../api.ts'
import './desk.css'

export function DraftEditor() {
  const { id = '' } = useParams()
  const draft = useQuery({ queryKey: ['draft', id], queryFn: () => get<Draft>(`/drafts/${id}`) })
  return (
    <QueryState pending={draft.isPending} error={draft.error} retry={() => draft.refetch()}>
      {draft.data && <Editor d={draft.data} />}
    </QueryState>
  )
}

function Editor({ d }: { d: Draft }) {
  const qc = useQueryClient()
  const { locale } = useSession()
  const loc = locale(d.shop)
  const live = d.allowedActions.includes('place')
  const change = useMutation({
    mutationFn: (body: Record<string, unknown>) => patchDraft(d.id, body),
    onSuccess: (next) => qc.setQueryData(['draft', d.id], next),
  })
  const act = useMutation({
    mutationFn: ({ action, body }: { action: string; body?: Record<string, unknown> }) => draftAction(d.id, action, body),
    onSuccess: (next) => qc.setQueryData(['draft', d.id], next),
  })
  const error = change.error ?? act.error
  return (
    <section aria-labelledby="draft-title">
      <p className="crumbs"><Link to="/drafts">Draft orders</Link></p>
      <div className="page-head">
        <h1 id="draft-title">Draft order {d.id.slice(-8)}</h1>
        <Badge status={d.status} />
        <span className="muted">{d.shop} · {d.source}{d.assignee && ` · assigned to ${d.assignee.name}`}</span>
        {d.orderId && <Link to={`/orders/${d.orderId}`}>Open the order</Link>}
      </div>
      {error && <p role="alert" className="state error">{error.message}</p>}
      <div className="desk">
        <div>
          <section className="card" aria-labelledby="customer-h">
            <h2 id="customer-h">Customer</h2>
            {d.customer && <p><strong>{d.customer.name}</strong> · {d.customer.email}{!d.customer.id && <span className="muted"> (new)</span>}</p>}
            {live && <CustomerPicker label={d.customer ? 'Change customer' : 'Find a customer'} onPick={(customer) => change.mutate({ customer })} />}
          </section>
          <section className="card" aria-labelledby="lines-h">
            <h2 id="lines-h">Products</h2>
            <LinesTable d={d} editable={live} onLines={(lines) => change.mutate({ lines })} />
            {live && <ProductPicker shop={d.shop} locale={loc} currency={d.totals.currency}
              onPick={(sku) => change.mutate({ lines: [...linesOf(d.lines).filter((l) => l.sku !== sku), { sku, quantity: (d.lines.find((l) => l.sku === sku)?.quantity ?? 0) + 1 }] })} />}
          </section>
          <section className="card" aria-labelledby="address-h">
            <h2 id="address-h">Billing address</h2>
            {live
              ? <AddressForm key={d.customer?.name ?? ''} initial={d.billingAddress} fallbackName={d.customer?.name} onSave={(billingAddress) => change.mutate({ billingAddress })} saving={change.isPending} />
              : <p>{d.billingAddress ? Object.values(d.billingAddress).join(', ') : '–'}</p>}
          </section>
          <section className="card" aria-labelledby="shipping-h">
            <h2 id="shipping-h">Shipping address</h2>
            {d.shippingAddress && <p className="small">{Object.values(d.shippingAddress).join(', ')}{live && <> · <button type="button" className="link" onClick={() => change.mutate({ shippingAddress: null })}>Same as billing</button></>}</p>}
            {!d.shippingAddress && <p className="small muted">Same as the billing address.</p>}
            {live && (
              <details>
                <summary>Ship to a different address</summary>
                <AddressForm key={`ship-${d.customer?.name ?? ''}`} name="Shipping address" initial={d.shippingAddress} fallbackName={d.customer?.name}
                  onSave={(shippingAddress) => change.mutate({ shippingAddress })} saving={change.isPending} label="Save shipping address" />
              </details>
            )}
          </section>
          <DeskHistory path={`/drafts/${d.id}/history`} version={d.updatedAt} locale={loc} />
        </div>
        <div>
          <Totals d={d} loc={loc} live={live} onChange={(body) => change.mutate(body)} />
          {live && <Place d={d} />}
          {live && <Hold d={d} loc={loc} onAct={(action, body) => act.mutate({ action, body })} />}
        </div>
      </div>
    </section>
  )
}

function Totals({ d, loc, live, onChange }: { d: Draft; loc: string; live: boolean; onChange: (body: Record<string, unknown>) => void }) {
  const t = d.totals
  const [shipping, setShipping] = useState(String(t.shipping / 100))
  const [code, setCode] = useState('')
  const m = (n: number) => <Money amount={n} currency={t.currency} locale={loc} />
  return (
    <section className="card" aria-labelledby="totals-h">
      <h2 id="totals-h">Totals</h2>
      <table aria-label="Totals">
        <tbody>
          <tr><th scope="row">Subtotal</th><td className="num">{m(t.subtotal)}</td></tr>
          {t.discounts.map((x) => (
            <tr key={x.code}><th scope="row">Discount <code>{x.code}</code></th><td className="num">−{m(x.amount)}</td></tr>
          ))}
          <tr><th scope="row">Shipping</th><td className="num">{m(t.shipping)}</td></tr>
          <tr><th scope="row">Tax{t.pricesIncludeTax ? ' (included)' : ''}</th><td className="num">{m(t.tax)}</td></tr>
          <tr className="total"><th scope="row">Total</th><td className="num" data-testid="draft-total">{m(t.total)}</td></tr>
        </tbody>
      </table>
      {t.discountProblem && <p className="error" role="alert">Would not apply now: {t.discountProblem}</p>}
      {live && (
        <>
          <form className="row" onSubmit={(e) => { e.preventDefault(); const n = Math.round(Number(shipping) * 100); if (Number.isFinite(n) && n >= 0) onChange({ shippingCost: n }) }}>
            <label>Shipping cost<input className="amount" inputMode="decimal" value={shipping} onChange={(e) => setShipping(e.target.value)} /></label>
            <button type="submit">Set shipping</button>
          </form>
          <form className="row" onSubmit={(e) => { e.preventDefault(); if (code.trim()) { onChange({ discountCodes: [...d.discountCodes, code.trim()] }); setCode('') } }}>
            <label>Discount code<input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" /></label>
            <button type="submit" disabled={d.discountCodes.length >= 5}>Apply code</button>
          </form>
          {d.discountCodes.length > 0 && (
            <p className="inline-form">
              {d.discountCodes.map((c) => (
                <button key={c} type="button" className="small" aria-label={`Remove code ${c}`}
                  onClick={() => onChange({ discountCodes: d.discountCodes.filter((x) => x !== c) })}>{c} ×</button>
              ))}
            </p>
          )}
        </>
      )}
    </section>
  )
}

function Place({ d }: { d: Draft }) {
  const navigate = useNavigate()
  const qc = useQueryClient()
  const [method, setMethod] = useState('invoice')
  const [token, setToken] = useState('')
  const place = useMutation({
    mutationFn: () => post<Order>(`/drafts/${d.id}/actions/place`, { payment: method === 'card' ? { method, token } : { method } }),
    onSuccess: (order) => { qc.invalidateQueries({ queryKey: ['drafts'] }); navigate(`/orders/${order.id}`) },
  })
  const short = d.lines.some((l) => !l.enough)
  const submit = (e: FormEvent) => { e.preventDefault(); place.mutate() }
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="place-h">
      <h2 id="place-h">Place the order</h2>
      <label>Payment
        <select value={method} onChange={(e) => setMethod(e.target.value)}>
          <option value="invoice">Invoice</option><option value="bank_transfer">Bank transfer</option>
          <option value="phone">Paid by phone</option><option value="cash_on_delivery">Cash on delivery</option><option value="card">Card</option>
        </select>
      </label>
      {method === 'card' && <label>Card token<input value={token} onChange={(e) => setToken(e.target.value)} required /></label>}
      {short && <p className="short">Some products are short of stock.</p>}
      <button type="submit" className="primary" disabled={place.isPending || d.lines.length === 0}>Place order</button>
      {place.error && <p role="alert" className="state error">{place.error.message}</p>}
    </form>
  )
}

function Hold({ d, loc, onAct }: { d: Draft; loc: string; onAct: (action: string, body?: Record<string, unknown>) => void }) {
  const [until, setUntil] = useState(() => new Date(Date.now() + 24 * 3600_000 - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16))
  const can = (a: string) => d.allowedActions.includes(a)
  return (
    <section className="card stack" aria-labelledby="assist-h">
      <h2 id="assist-h">Hold and hand over</h2>
      {d.holdUntil && <p>Stock held until <strong>{dateTime(d.holdUntil, loc)}</strong>: {d.reservations.map((r) => `${r.quantity} × ${r.sku} (${r.warehouse})`).join(', ') || 'nothing to reserve'}</p>}
      {d.handBackCode && <p>With the customer. Code: <span className="code" data-testid="hand-back-code">{d.handBackCode}</span></p>}
      <form className="row" onSubmit={(e) => { e.preventDefault(); onAct('hold', { until: new Date(until).toISOString() }) }}>
        <label>Hold stock until<input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} required /></label>
        <button type="submit" disabled={!can('hold')}>Hold</button>
      </form>
      <div className="row-actions">
        {can('release') && <button type="button" onClick={() => onAct('release')}>Release stock</button>}
        <button type="button" onClick={() => onAct('assign')}>Take over</button>
        {can('hand-back') && <button type="button" onClick={() => onAct('hand-back')} disabled={!d.customer}>Hand back to customer</button>}
        <button type="button" className="danger" onClick={() => onAct('discard')}>Discard</button>
      </div>
    </section>
  )
}
