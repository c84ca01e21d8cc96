/** One order, in tabs: overview, deliveries, payments, returns, history with notes, e-mails, additional information, B2B. */
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { Link, useLocation, useParams, useSearchParams } from 'react-router'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, post } from '../api.ts'
import { actionLabel, dateTime, historyWhat, words } from '../format.ts'
import type { Address, HistoryEntry, List, Order, Transaction } from '../types.ts'
import { useSession } from '../session.tsx'
import { Badge, Field, Money, QueryState } from '../ui.tsx'
import { Tracking } from '../deliveries/Tracking.tsx'
import { ActionDialog, type ActionTarget } from './ActionDialog.tsx'
import { MailSent } from './OrderExtras.tsx'
import { OrderInfo } from './OrderInfo.tsx'
import { ReturnsTab } from '../returns/ReturnsTab.tsx'
import { EditOrderDialog } from '../edits/EditOrderDialog.tsx'
import { OrderMoney } from '../money/OrderMoney.tsx'
import { OrderB2b } from '../drafts/OrderB2b.tsx'
import { OrderItems } from '../vouchers/OrderItems.tsx'

const tabs = [
  { id: 'overview', label: 'Overview' },
  { id: 'deliveries', label: 'Deliveries' },
  { id: 'payments', label: 'Payments' },
  { id: 'returns', label: 'Returns' },
  { id: 'history', label: 'History' },
  { id: 'mail', label: 'E-mails' },
  { id: 'info', label: 'Additional information' },
  { id: 'b2b', label: 'B2B' },
] as const
type Tab = (typeof tabs)[number]['id']
/** Where a page came from: a list with its filters and page. */
export interface BackTo { to: string; state?: unknown; label: string }
/** Orders that can still be edited (A10); the server says which lines. */
const editableStatuses = new Set(['awaiting_approval', 'awaiting_payment', 'in_progress', 'partially_shipped'])

export function OrderDetail() {
  const { id = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const order = useQuery({ queryKey: ['order', id], queryFn: () => get<Order>(`/orders/${id}`) })
  const { can, locale } = useSession()
  // The list this order was opened from, with its filters and page, to go back to.
  const back = (useLocation().state as { back?: BackTo } | null)?.back
  // E-mails for those who may read them.
  const shown = tabs.filter((t) => t.id !== 'mail' || can('mail.read'))
  const tab = (shown.find((t) => t.id === params.get('tab'))?.id ?? 'overview') as Tab
  const [target, setTarget] = useState<ActionTarget | null>(null)
  const [notice, setNotice] = useState('')
  const [editing, setEditing] = useState(false)
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([])

  const select = (t: Tab) => setParams((p) => { const n = new URLSearchParams(p); if (t === 'overview') n.delete('tab'); else n.set('tab', t); return n }, { replace: true })
  const onTabKey = (e: KeyboardEvent, index: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
    if (!step) return
    const nextIndex = (index + step + shown.length) % shown.length
    select(shown[nextIndex].id)
    tabRefs.current[nextIndex]?.focus()
  }

  return (
    <QueryState pending={order.isPending} error={order.error} retry={() => order.refetch()}>
      {order.data && (() => {
        const o = order.data
        const loc = locale(o.shop)
        const act = (action: string, delivery?: { id: string; number: string }) =>
          setTarget({ orderId: o.id, orderNumber: o.number, action, currency: o.totals.currency, delivery, lines: o.lines })
        return (
          <article aria-labelledby="order-title">
            <p className="crumbs"><Link to={back?.to ?? '/orders'} state={back?.state}>{back?.label ?? 'Orders'}</Link> › {o.number}</p>
            <div className="page-head">
              <h1 id="order-title">Order {o.number}</h1>
              <Badge status={o.status} /> <Badge status={o.paymentStatus} />
              <span className="muted"><Money amount={o.totals.total} currency={o.totals.currency} locale={loc} /> · placed {dateTime(o.createdAt, loc)}</span>
              <div className="order-actions" role="group" aria-label="Order actions">
                {orderActionsShown(o).map((a) => (
                  <button key={a} type="button" className={a === 'cancel' || a === 'return' ? 'danger' : 'primary'} onClick={() => act(a)}>{actionLabel(a)}</button>
                ))}
                {can('orders.edit') && editableStatuses.has(o.status) && <button type="button" onClick={() => setEditing(true)}>Edit order</button>}
                {o.allowedActions.length === 0 && <span className="muted small">No order actions available to you now.</span>}
              </div>
            </div>
            {notice && <p className="notice" role="status">{notice}</p>}
            <div role="tablist" aria-label="Order details" className="tabs">
              {shown.map((t, i) => (
                <button key={t.id} ref={(el) => { tabRefs.current[i] = el }} type="button" role="tab" id={`tab-${t.id}`}
                  aria-selected={tab === t.id} aria-controls={`panel-${t.id}`} tabIndex={tab === t.id ? 0 : -1}
                  onClick={() => select(t.id)} onKeyDown={(e) => onTabKey(e, i)}>{t.label}</button>
              ))}
            </div>
            <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="panel">
              {tab === 'overview' && <Overview o={o} loc={loc} />}
              {tab === 'deliveries' && <Deliveries o={o} loc={loc} act={act} />}
              {tab === 'payments' && <Payments o={o} loc={loc} />}
              {tab === 'returns' && <ReturnsTab o={o} loc={loc} />}
              {tab === 'history' && <History o={o} loc={loc} />}
              {tab === 'mail' && <MailSent orderId={o.id} loc={loc} />}
              {tab === 'info' && <OrderInfo o={o} loc={loc} />}
              {tab === 'b2b' && <OrderB2b o={o} />}
            </div>
            {editing && <EditOrderDialog o={o} loc={loc} onClose={() => setEditing(false)} onDone={(m) => { setNotice(m); setEditing(false) }} />}
            {target && <ActionDialog target={target} onClose={() => setTarget(null)} onDone={(m) => { setNotice(m); setTarget(null) }} />}
          </article>
        )
      })()}
    </QueryState>
  )
}

const AddressBlock = ({ a }: { a: Address | null }) => a ? (
  <address>
    {a.name}<br />{a.company && <>{a.company}<br /></>}{a.street}<br />{a.street2 && <>{a.street2}<br /></>}
    {a.postalCode} {a.city}{a.region && `, ${a.region}`}<br />{a.country}{a.phone && <><br />{a.phone}</>}
  </address>
) : <p className="muted">Same as billing</p>

function Overview({ o, loc }: { o: Order; loc: string }) {
  const m = (n: number) => <Money amount={n} currency={o.totals.currency} locale={loc} />
  return (
    <>
      <div className="cards">
        <section className="card">
          <h2>Customer</h2>
          <p><Link to={`/customers/${o.customer.id}`}>{o.customer.name}</Link><br /><a href={`mailto:${o.customer.email}`}>{o.customer.email}</a></p>
        </section>
        <section className="card"><h2>Billing address</h2><AddressBlock a={o.billingAddress} /></section>
        <section className="card"><h2>Shipping address</h2><AddressBlock a={o.shippingAddress} /></section>
        {o.deliveries.length > 0 && (
          <section className="card">
            <h2>Deliveries</h2>
            <ul className="plain">
              {o.deliveries.map((d) => (
                <li key={d.id}>{d.number} <Badge status={d.status} /> <Tracking carrier={d.carrier} number={d.trackingNumber} /></li>
              ))}
            </ul>
          </section>
        )}
        <section className="card">
          <h2>Status</h2>
          <dl className="fields">
            <Field label="Order"><Badge status={o.status} /></Field>
            <Field label="Payment"><Badge status={o.paymentStatus} /> {words(o.payment.method).toLowerCase()}</Field>
            {o.approvalReasons.length > 0 && <Field label="Held because">{o.approvalReasons.map(words).join('; ')}</Field>}
          </dl>
        </section>
      </div>
      <div className="table-wrap">
        <table>
          <caption>Lines {o.totals.pricesIncludeTax ? '(prices include tax)' : '(prices before tax)'}</caption>
          <thead><tr><th>#</th><th>SKU</th><th>Article</th><th className="num">Quantity</th><th className="num">Unit price</th><th className="num">Tax rate</th><th className="num">Tax</th><th className="num">Amount</th></tr></thead>
          <tbody>
            {o.lines.map((l) => (
              <tr key={l.id} className={l.cancelledQuantity >= l.quantity ? 'cancelled' : undefined}>
                <td>{l.lineNo}</td><td>{l.sku}</td><td>{l.name}{l.kind !== 'physical' && <span className="muted small"> · {l.kind}</span>}</td>
                <td className="num">{l.quantity}{l.cancelledQuantity > 0 && <div className="muted small">{l.cancelledQuantity} cancelled</div>}</td>
                <td className="num">{m(l.unitPrice)}</td><td className="num">{l.taxRate.toLocaleString(loc)} %</td>
                <td className="num">{m(l.tax)}</td><td className="num">{m(l.amount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr><th colSpan={7}>Subtotal</th><td className="num">{m(o.totals.subtotal)}</td></tr>
            {o.totals.discount > 0 && <tr><th colSpan={7}>Discount</th><td className="num">−{m(o.totals.discount)}</td></tr>}
            <tr><th colSpan={7}>Shipping</th><td className="num">{m(o.totals.shipping)}</td></tr>
            <tr><th colSpan={7}>Tax{o.totals.pricesIncludeTax ? ' (included)' : ''}</th><td className="num">{m(o.totals.tax)}</td></tr>
            <tr className="total"><th colSpan={7}>Total</th><td className="num">{m(o.totals.total)}</td></tr>
          </tfoot>
        </table>
      </div>
      <OrderMoney o={o} loc={loc} />
      <OrderItems orderId={o.id} loc={loc} />
    </>
  )
}

function Deliveries({ o, loc, act }: { o: Order; loc: string; act: (action: string, d: { id: string; number: string }) => void }) {
  if (o.deliveries.length === 0) return <p className="state">This order has no deliveries.</p>
  const lineOf = new Map(o.lines.map((l) => [l.id, l]))
  return (
    <div className="deliveries">
      {o.deliveries.map((d) => (
        <section key={d.id} className="card delivery" aria-label={`Delivery ${d.number}`}>
          <header>
            <h2>Delivery {d.number}</h2> <Badge status={d.status} />
            <span className="muted small">{words(d.kind)}{d.awaitingPayment && ' · payment could not be captured'}</span>
          </header>
          <dl className="fields">
            <Field label="Warehouse">{d.warehouse ?? '–'}</Field>
            <Field label="Amount"><Money amount={d.amount} currency={o.totals.currency} locale={loc} /></Field>
            <Field label="Carrier">{d.carrier ?? '–'}</Field>
            <Field label="Tracking"><Tracking carrier={d.carrier} number={d.trackingNumber} /></Field>
            {d.availableFrom && <Field label="Available from">{dateTime(d.availableFrom, loc)}</Field>}
            <Field label="Shipped">{dateTime(d.shippedAt, loc)}</Field>
            <Field label="Delivered">{dateTime(d.deliveredAt, loc)}</Field>
          </dl>
          <ul className="items">
            {d.lines.map((l) => <li key={l.lineId}>{l.quantity} × {l.sku} {lineOf.get(l.lineId)?.name}</li>)}
          </ul>
          <div className="row-actions" role="group" aria-label={`Actions for delivery ${d.number}`}>
            {d.allowedActions.map((a) => (
              <button key={a} type="button" className="primary" onClick={() => act(a, { id: d.id, number: d.number })}>{actionLabel(a)}</button>
            ))}
            {d.allowedActions.length === 0 && <span className="muted small">No delivery actions available to you now.</span>}
          </div>
        </section>
      ))}
    </div>
  )
}

function Payments({ o, loc }: { o: Order; loc: string }) {
  const tx = useQuery({ queryKey: ['transactions', o.id, o.version], queryFn: () => get<List<Transaction>>(`/orders/${o.id}/transactions`) })
  const m = (n: number) => <Money amount={n} currency={o.totals.currency} locale={loc} />
  return (
    <>
      <dl className="fields summary" aria-label="Payment summary">
        <Field label="Method">{words(o.payment.method)} ({words(o.payment.capture).toLowerCase()})</Field>
        <Field label="Authorised">{m(o.payment.authorized)}</Field>
        <Field label="Captured">{m(o.payment.captured)}</Field>
        <Field label="Refunded">{m(o.payment.refunded)}</Field>
        <Field label="Outstanding">{m(o.payment.outstanding)}</Field>
      </dl>
      <QueryState pending={tx.isPending} error={tx.error} retry={() => tx.refetch()} empty={tx.data?.items.length === 0} emptyText="No payment transactions yet.">
        <div className="table-wrap">
          <table>
            <caption>Transactions</caption>
            <thead><tr><th>When</th><th>Operation</th><th className="num">Amount</th><th>Result</th><th>Reference</th><th>Message</th><th>By</th></tr></thead>
            <tbody>
              {tx.data?.items.map((t) => (
                <tr key={t.id}>
                  <td>{dateTime(t.at, loc)}</td><td>{words(t.operation.toLowerCase())}</td><td className="num">{m(t.amount)}</td>
                  <td><Badge status={t.status} /></td><td>{t.reference ?? '–'}</td><td>{t.message ?? ''}</td><td>{t.actor.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
    </>
  )
}

function History({ o, loc }: { o: Order; loc: string }) {
  const { can } = useSession()
  const qc = useQueryClient()
  const history = useQuery({ queryKey: ['history', o.id, o.version], queryFn: () => get<List<HistoryEntry>>(`/orders/${o.id}/history`) })
  const [text, setText] = useState('')
  const [clientFacing, setClientFacing] = useState(false)
  const add = useMutation({
    mutationFn: () => post<HistoryEntry>(`/orders/${o.id}/notes`, { text: text.trim(), clientFacing }),
    onSuccess: () => { setText(''); setClientFacing(false); qc.invalidateQueries({ queryKey: ['history', o.id] }) },
  })
  const submit = (e: FormEvent) => { e.preventDefault(); if (text.trim()) add.mutate() }
  const deliveryNo = new Map(o.deliveries.map((d) => [d.id, d.number]))
  return (
    <>
      {can('orders.notes') && (
        <form className="note-form card" onSubmit={submit} aria-label="New note">
          <label>Add a note<textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} required /></label>
          <label className="check"><input type="checkbox" checked={clientFacing} onChange={(e) => setClientFacing(e.target.checked)} /> Client-facing (the customer may see it)</label>
          {add.isError && <p className="error" role="alert">{add.error.message}</p>}
          <button type="submit" className="primary" disabled={add.isPending}>Add note</button>
        </form>
      )}
      <QueryState pending={history.isPending} error={history.error} retry={() => history.refetch()} empty={history.data?.items.length === 0} emptyText="Nothing has happened yet.">
        <ol className="history" aria-label="History">
          {[...(history.data?.items ?? [])].reverse().map((e, i) => (
            <li key={i} className={`entry ${e.type}`}>
              <div className="when">{dateTime(e.at, loc)}</div>
              <div>
                <strong>{historyWhat(e)}</strong>
                {e.deliveryId && <span className="muted small"> · {deliveryNo.get(e.deliveryId) ?? 'delivery'}</span>}
                <span className="muted small"> · {e.actor.name}</span>
                {e.note && <p className="note">{e.note}</p>}
                {e.clientNote && <p className="note client">For the customer: {e.clientNote}</p>}
              </div>
            </li>
          ))}
        </ol>
      </QueryState>
    </>
  )
}

/**
 * The order's actions as offered: cancelling lines needs something left after it (or something
 * already shipped), otherwise the server refuses it and "Cancel order" is the way.
 */
function orderActionsShown(o: Order): string[] {
  const openUnits = o.lines.reduce((n, l) => n + l.quantity - l.cancelledQuantity, 0)
  const shipped = o.deliveries.some((d) => d.status === 'shipped' || d.status === 'delivered')
  return o.allowedActions.filter((a) => a !== 'cancel-lines' || openUnits > 1 || shipped)
}
