/** The Vouchers area (A20): search by code, a voucher's balance, changes, redemptions, history and print. */
import { useState, type FormEvent, type ReactNode } from 'react'
import { Link, useParams } from 'react-router'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get, post } from '../api.ts'
import { date, dateTime, words } from '../format.ts'
import type { List } from '../types.ts'
import { useSession } from '../session.tsx'
import { Badge, Field, Money, QueryState } from '../ui.tsx'
import type { Voucher, VoucherEntry } from './types.ts'
import { VoucherLayouts } from './VoucherLayouts.tsx'
import { useSearchedList } from '../searched-list.ts'

const statuses = ['active', 'redeemed', 'expired', 'voided'] as const

export function VoucherList() {
  const { status, text, setText, list, show, submit } = useSearchedList<Voucher>('/vouchers')
  const { locale } = useSession()
  return (
    <section aria-labelledby="vouchers-title">
      <div className="page-head"><h1 id="vouchers-title">Vouchers</h1></div>
      <form className="filters" role="search" onSubmit={submit} aria-label="Search vouchers">
        <label className="grow">Code, recipient or order number<input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. K7QD-3MXT or K7QD" /></label>
        <label>Status
          <select value={status} onChange={(e) => show(text, e.target.value)}>
            <option value="">Any</option>
            {statuses.map((s) => <option key={s} value={s}>{words(s)}</option>)}
          </select>
        </label>
        <button type="submit" className="primary">Search</button>
      </form>
      <QueryState pending={list.isPending} error={list.error} retry={() => list.refetch()} empty={list.data?.items.length === 0} emptyText="No vouchers match.">
        <div className="table-wrap">
          <table>
            <thead><tr><th>Code</th><th>Status</th><th className="num">Value</th><th className="num">Balance</th><th>Valid until</th><th>Recipient</th><th>Sold with</th><th>Shop</th></tr></thead>
            <tbody>
              {list.data?.items.map((v) => {
                const loc = locale(v.shop)
                return (
                  <tr key={v.id}>
                    <td><Link className="mono" to={`/vouchers/${v.code}`}>{v.code}</Link></td><td><Badge status={v.status} /></td>
                    <td className="num"><Money amount={v.value} currency={v.currency} locale={loc} /></td>
                    <td className="num"><Money amount={v.balance} currency={v.currency} locale={loc} /></td>
                    <td>{date(v.expiresAt, loc)}</td><td>{v.recipient ?? '–'}</td>
                    <td>{v.orderId ? <Link to={`/orders/${v.orderId}`}>{v.orderNumber}</Link> : '–'}</td><td>{v.shop}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
        {list.data?.items.length === 100 && <p className="muted small">Showing the newest 100: search to narrow them down.</p>}
      </QueryState>
      <VoucherLayouts />
    </section>
  )
}


export function VoucherDetail() {
  const { code = '' } = useParams()
  const { can, locale } = useSession()
  const qc = useQueryClient()
  const voucher = useQuery({ queryKey: ['voucher', code], queryFn: () => get<Voucher>(`/vouchers/${encodeURIComponent(code)}`) })
  const history = useQuery({ queryKey: ['voucher-history', code], queryFn: () => get<List<VoucherEntry>>(`/vouchers/${encodeURIComponent(code)}/history`) })
  const refresh = (v: Voucher) => { qc.setQueryData(['voucher', code], v); qc.invalidateQueries({ queryKey: ['voucher-history', code] }); qc.invalidateQueries({ queryKey: ['vouchers'] }) }
  return (
    <QueryState pending={voucher.isPending} error={voucher.error} retry={() => voucher.refetch()}>
      {voucher.data && (() => {
        const v = voucher.data
        const loc = locale(v.shop)
        const m = (n: number) => <Money amount={n} currency={v.currency} locale={loc} />
        const redemptions = history.data?.items.filter((e) => ['redemption', 'payment', 'payment-refund', 'credit'].includes(e.type)) ?? []
        return (
          <article aria-labelledby="voucher-title">
            <p className="crumbs"><Link to="/vouchers">Vouchers</Link> › {v.code}</p>
            <div className="page-head">
              <h1 id="voucher-title" className="mono">{v.code}</h1> <Badge status={v.status} />
              <span className="muted">Balance <strong>{m(v.balance)}</strong> of {m(v.value)}</span>
              <a className="button" href={`/api/v1/vouchers/${encodeURIComponent(v.code)}/pdf`} target="_blank" rel="noreferrer">Print (PDF)</a>
            </div>
            <div className="cards">
              <section className="card">
                <h2>Voucher</h2>
                <dl className="fields">
                  <Field label="Balance">{m(v.balance)}</Field>
                  <Field label="Value">{m(v.value)}</Field>
                  <Field label="Valid until">{date(v.expiresAt, loc)}</Field>
                  <Field label="Sold with">{v.orderId ? <Link to={`/orders/${v.orderId}`}>Order {v.orderNumber}</Link> : '–'}</Field>
                  <Field label="Shop">{v.shop}</Field>
                  <Field label="Issued">{dateTime(v.createdAt, loc)}</Field>
                </dl>
              </section>
              {can('vouchers.manage') && <RedeemCard v={v} onDone={refresh} />}
              {can('vouchers.manage') && <EditCard v={v} onDone={refresh} />}
            </div>
            <h2>Redemptions</h2>
            {redemptions.length === 0 ? <p className="state">Nothing has been paid with this voucher.</p> : <EntryTable entries={redemptions} m={m} loc={loc} />}
            <h2>History</h2>
            <QueryState pending={history.isPending} error={history.error} retry={() => history.refetch()}>
              <EntryTable entries={history.data?.items ?? []} m={m} loc={loc} />
            </QueryState>
          </article>
        )
      })()}
    </QueryState>
  )
}

const entryWords: Record<string, string> = {
  issued: 'Issued', redemption: 'Redeemed', payment: 'Paid an order', 'payment-refund': 'Refund back onto voucher',
  credit: 'Credited', void: 'Voided', expire: 'Expired', change: 'Changed',
}

function EntryTable({ entries, m, loc }: { entries: VoucherEntry[]; m: (n: number) => ReactNode; loc: string }) {
  return (
    <div className="table-wrap">
      <table>
        <thead><tr><th>When</th><th>What</th><th className="num">Amount</th><th className="num">Balance after</th><th>Reference</th><th>Note</th><th>By</th></tr></thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={i}>
              <td>{dateTime(e.at, loc)}</td><td>{entryWords[e.type] ?? words(e.type)}</td>
              <td className="num">{e.amount === null ? '–' : m(e.amount)}</td><td className="num">{m(e.balance)}</td>
              <td>{e.orderId && e.reference ? <Link to={`/orders/${e.orderId}`}>{e.reference}</Link> : e.reference ?? '–'}</td>
              <td>{e.note ?? '–'}</td><td>{e.actor.name}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function RedeemCard({ v, onDone }: { v: Voucher; onDone: (v: Voucher) => void }) {
  const [amount, setAmount] = useState('')
  const [reference, setReference] = useState('')
  const redeem = useMutation({
    mutationFn: () => post<Voucher>(`/vouchers/${encodeURIComponent(v.code)}/redemptions`, { amount: Math.round(Number(amount) * 100), reference }),
    onSuccess: (next) => { setAmount(''); setReference(''); onDone(next) },
  })
  const voidIt = useMutation({
    mutationFn: (reason: string) => post<Voucher>(`/vouchers/${encodeURIComponent(v.code)}/void`, { reason }),
    onSuccess: onDone,
  })
  const submit = (e: FormEvent) => { e.preventDefault(); redeem.mutate() }
  const askVoid = () => { const reason = window.prompt('Why is the voucher voided? Its balance is gone.'); if (reason) voidIt.mutate(reason) }
  return (
    <section className="card">
      <h2>Redeem</h2>
      {v.status !== 'active' ? <p className="muted">A {words(v.status).toLowerCase()} voucher cannot be redeemed.</p> : (
        <form onSubmit={submit} className="stack">
          <label>Amount ({v.currency})<input inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="12.50" /></label>
          <label>Reference<input required value={reference} onChange={(e) => setReference(e.target.value)} placeholder="Till receipt, order number" /></label>
          <div><button type="submit" className="primary" disabled={redeem.isPending}>Redeem</button> <button type="button" className="danger" onClick={askVoid} disabled={voidIt.isPending}>Void…</button></div>
        </form>
      )}
      {redeem.isError && <p className="error" role="alert">{redeem.error.message}</p>}
      {voidIt.isError && <p className="error" role="alert">{voidIt.error.message}</p>}
    </section>
  )
}

function EditCard({ v, onDone }: { v: Voucher; onDone: (v: Voucher) => void }) {
  const [expires, setExpires] = useState(v.expiresAt?.slice(0, 10) ?? '')
  const [recipient, setRecipient] = useState(v.recipient ?? '')
  const [message, setMessage] = useState(v.message ?? '')
  const [notes, setNotes] = useState(v.notes ?? '')
  const [layout, setLayout] = useState(v.layout)
  const save = useMutation({
    mutationFn: () => api<Voucher>('PATCH', `/vouchers/${encodeURIComponent(v.code)}`, {
      expiresAt: expires ? `${expires}T23:59:59.000Z` : null, recipient: recipient || null, message: message || null, notes: notes || null, layout,
    }),
    onSuccess: onDone,
  })
  return (
    <section className="card">
      <h2>Details and print layout</h2>
      <form onSubmit={(e) => { e.preventDefault(); save.mutate() }} className="stack">
        <label>Valid until<input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} /></label>
        <label>Recipient<input value={recipient} maxLength={200} onChange={(e) => setRecipient(e.target.value)} /></label>
        <label>Message on the voucher<input value={message} maxLength={500} onChange={(e) => setMessage(e.target.value)} /></label>
        <label>Internal notes<textarea value={notes} maxLength={2000} onChange={(e) => setNotes(e.target.value)} /></label>
        <label>Layout
          <select value={layout} onChange={(e) => setLayout(e.target.value)}>
            <option value="classic">Classic</option><option value="modern">Modern</option><option value="minimal">Minimal</option>
          </select>
        </label>
        <div><button type="submit" className="primary" disabled={save.isPending}>Save</button></div>
      </form>
      {save.isError && <p className="error" role="alert">{save.error.message}</p>}
      {save.isSuccess && <p className="muted small" role="status">Saved.</p>}
    </section>
  )
}
