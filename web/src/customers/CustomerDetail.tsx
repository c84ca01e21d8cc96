/**
 * One customer: contact data, order count and lifetime value, flags that change only with a
 * reason, tags, notes, the history of changes, the address book, the orders; merging a
 * duplicate in; GDPR export and erasure.
 */
import { useState, type FormEvent } from 'react'
import { Link, useNavigate } from 'react-router'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get, post, queryString } from '../api.ts'
import { dateTime, money } from '../format.ts'
import type { Address, Customer, OrderPage } from '../types.ts'
import { useSession } from '../session.tsx'
import { Field, QueryState } from '../ui.tsx'
import { OrdersTable } from '../orders/OrdersTable.tsx'
import { Flags } from './Customers.tsx'

interface Note { id: string; text: string; at: string; actor: { name: string } }
interface Change { at: string; type: string; field: string | null; from: string | null; to: string | null; reason: string | null; actor: { name: string } }

export function CustomerDetailPage({ id }: { id: string }) {
  const { can, locale } = useSession()
  const qc = useQueryClient()
  const customer = useQuery({ queryKey: ['customer', id], queryFn: () => get<Customer>(`/customers/${id}`) })
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  const path = `/customers/${id}/orders${queryString({ limit: 25, cursor: cursors.at(-1) ?? null })}`
  const orders = useQuery({ queryKey: ['customer-orders', path], queryFn: () => get<OrderPage>(path), placeholderData: keepPreviousData })
  const refresh = () => { for (const k of ['customer', 'customer-notes', 'customer-history', 'customer-orders', 'customers']) qc.invalidateQueries({ queryKey: [k] }) }
  const c = customer.data
  const loc = locale(c?.shops[0])
  return (
    <QueryState pending={customer.isPending} error={customer.error} retry={() => customer.refetch()}>
      {c && (
        <article aria-labelledby="customer-title">
          <p className="crumbs"><Link to="/customers">Customers</Link> › {c.name}</p>
          <div className="page-head"><h1 id="customer-title">{c.name}</h1><Flags c={c} /></div>
          <div className="cards">
            <section className="card">
              <h2>Contact</h2>
              <dl className="fields">
                <Field label="E-mail"><a href={`mailto:${c.email}`}>{c.email}</a></Field>
                <Field label="Phone">{c.phone ?? '–'}</Field>
                <Field label="Shops">{c.shops.join(', ') || '–'}</Field>
                <Field label="Customer since">{dateTime(c.createdAt, loc)}</Field>
                <Field label="Orders">{c.orderCount ?? 0}</Field>
                <Field label="Lifetime value">{c.lifetimeValue?.length ? c.lifetimeValue.map((v) => money(v.amount, v.currency, loc)).join(' · ') : '–'}</Field>
              </dl>
            </section>
            <FlagsCard c={c} editable={can('customers.write') && !c.erasedAt} onDone={refresh} />
            <TagsCard c={c} editable={can('customers.write') && !c.erasedAt} onDone={refresh} />
          </div>
          <div className="cards">
            <NotesCard id={id} editable={can('customers.write')} />
            <AddressBook id={id} />
          </div>
          <History id={id} />
          <h2>Orders</h2>
          <QueryState pending={orders.isPending} error={orders.error} retry={() => orders.refetch()} empty={orders.data?.items.length === 0} emptyText="No orders yet.">
            <OrdersTable items={orders.data?.items ?? []} showCustomer={false} />
            <nav className="pager" aria-label="Pages">
              <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</button>
              <button type="button" disabled={!orders.data?.nextCursor} onClick={() => setCursors([...cursors, orders.data!.nextCursor])}>Next</button>
            </nav>
          </QueryState>
          <div className="cards">
            {can('customers.merge') && !c.erasedAt && <MergeCard c={c} onDone={refresh} />}
            {can('customers.privacy') && <PrivacyCard c={c} onDone={refresh} />}
          </div>
        </article>
      )}
    </QueryState>
  )
}

function FlagsCard({ c, editable, onDone }: { c: Customer; editable: boolean; onDone: () => void }) {
  const [wanted, setWanted] = useState({ requiresApproval: c.requiresApproval, blocked: c.blocked })
  const [reason, setReason] = useState('')
  const changed = wanted.requiresApproval !== c.requiresApproval || wanted.blocked !== c.blocked
  const save = useMutation({
    mutationFn: () => api<Customer>('PATCH', `/customers/${c.id}`, { ...wanted, reason }),
    onSuccess: () => { setReason(''); onDone() },
  })
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate() }
  return (
    <form className="card" onSubmit={submit} aria-labelledby="flags-title">
      <h2 id="flags-title">Flags</h2>
      <label className="check"><input type="checkbox" checked={wanted.requiresApproval} disabled={!editable}
        onChange={(e) => setWanted({ ...wanted, requiresApproval: e.target.checked })} /> Every order waits for approval</label>
      <label className="check"><input type="checkbox" checked={wanted.blocked} disabled={!editable}
        onChange={(e) => setWanted({ ...wanted, blocked: e.target.checked })} /> Blocked: orders are held</label>
      {changed && (
        <>
          <label>Reason (kept in the history)<input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} /></label>
          <div className="row-actions">
            <button type="submit" className="primary" disabled={save.isPending}>Save flags</button>
            <button type="button" onClick={() => setWanted({ requiresApproval: c.requiresApproval, blocked: c.blocked })}>Undo</button>
          </div>
        </>
      )}
      {save.isError && <p className="error" role="alert">{save.error.message}</p>}
    </form>
  )
}

function TagsCard({ c, editable, onDone }: { c: Customer; editable: boolean; onDone: () => void }) {
  const [text, setText] = useState((c.tags ?? []).join(', '))
  const save = useMutation({ mutationFn: () => api<Customer>('PUT', `/customers/${c.id}/tags`, { tags: text.split(',').map((t) => t.trim()).filter(Boolean) }), onSuccess: onDone })
  return (
    <form className="card" onSubmit={(e) => { e.preventDefault(); save.mutate() }} aria-labelledby="tags-title">
      <h2 id="tags-title">Tags</h2>
      <p>{c.tags?.length ? c.tags.map((t) => <Link key={t} className="badge" to={`/customers?tag=${encodeURIComponent(t)}`}>{t}</Link>) : <span className="muted">No tags</span>}</p>
      {editable && <>
        <label>Tags, separated by commas<input value={text} onChange={(e) => setText(e.target.value)} /></label>
        <button type="submit" disabled={save.isPending}>Save tags</button>
      </>}
      {save.isError && <p className="error" role="alert">{save.error.message}</p>}
    </form>
  )
}

function NotesCard({ id, editable }: { id: string; editable: boolean }) {
  const qc = useQueryClient()
  const { locale } = useSession()
  const notes = useQuery({ queryKey: ['customer-notes', id], queryFn: () => get<{ items: Note[] }>(`/customers/${id}/notes`) })
  const [text, setText] = useState('')
  const add = useMutation({ mutationFn: () => post<Note>(`/customers/${id}/notes`, { text }), onSuccess: () => { setText(''); qc.invalidateQueries({ queryKey: ['customer-notes', id] }) } })
  return (
    <section className="card" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes</h2>
      {editable && (
        <form onSubmit={(e) => { e.preventDefault(); add.mutate() }}>
          <label>New note<textarea value={text} onChange={(e) => setText(e.target.value)} required maxLength={4000} rows={2} /></label>
          <button type="submit" disabled={add.isPending || !text.trim()}>Add note</button>
          {add.isError && <p className="error" role="alert">{add.error.message}</p>}
        </form>
      )}
      <QueryState pending={notes.isPending} error={notes.error} empty={notes.data?.items.length === 0} emptyText="No notes yet.">
        <ul className="plain">{notes.data?.items.map((n) => <li key={n.id}><p>{n.text}</p><p className="muted small">{n.actor.name} · {dateTime(n.at, locale())}</p></li>)}</ul>
      </QueryState>
    </section>
  )
}

function AddressBook({ id }: { id: string }) {
  const book = useQuery({ queryKey: ['customer-addresses', id], queryFn: () => get<{ items: (Address & { uses: number })[] }>(`/customers/${id}/addresses`) })
  return (
    <section className="card" aria-labelledby="addresses-title">
      <h2 id="addresses-title">Address book</h2>
      <QueryState pending={book.isPending} error={book.error} empty={book.data?.items.length === 0} emptyText="No addresses yet: they come with the orders.">
        <ul className="plain">{book.data?.items.map((a, i) => (
          <li key={i}><address>{a.name}{a.company && <>, {a.company}</>}<br />{a.street}<br />{a.postalCode} {a.city} · {a.country}{a.phone && <><br />{a.phone}</>}</address>
            <p className="muted small">used {a.uses}×</p></li>
        ))}</ul>
      </QueryState>
    </section>
  )
}

function History({ id }: { id: string }) {
  const { locale } = useSession()
  const history = useQuery({ queryKey: ['customer-history', id], queryFn: () => get<{ items: Change[] }>(`/customers/${id}/history`) })
  if (!history.data?.items.length) return null
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <div className="table-wrap"><table>
        <thead><tr><th>When</th><th>Who</th><th>What</th><th>From</th><th>To</th><th>Reason</th></tr></thead>
        <tbody>{history.data.items.map((h, i) => (
          <tr key={i}><td className="nowrap">{dateTime(h.at, locale())}</td><td>{h.actor.name}</td><td>{h.type}{h.field ? `: ${h.field}` : ''}</td><td>{h.from ?? '–'}</td><td>{h.to ?? '–'}</td><td>{h.reason ?? '–'}</td></tr>
        ))}</tbody>
      </table></div>
    </section>
  )
}

function MergeCard({ c, onDone }: { c: Customer; onDone: () => void }) {
  const [q, setQ] = useState('')
  const [chosen, setChosen] = useState<Customer | null>(null)
  const [note, setNote] = useState('')
  const candidates = useQuery({
    queryKey: ['merge-candidates', q], enabled: q.trim().length >= 3,
    queryFn: () => get<{ items: Customer[] }>(`/customers${queryString({ q, limit: 10 })}`),
  })
  const merge = useMutation({
    mutationFn: () => post<{ ordersMoved: number }>(`/customers/${c.id}/merge`, { duplicateId: chosen!.id, ...(note && { note }) }),
    onSuccess: () => { setChosen(null); setQ(''); onDone() },
  })
  return (
    <section className="card" aria-labelledby="merge-title">
      <h2 id="merge-title">Merge a duplicate into {c.name}</h2>
      <label>Find the duplicate<input type="search" value={q} onChange={(e) => { setQ(e.target.value); setChosen(null) }} placeholder="Name, e-mail or phone" /></label>
      {!chosen && candidates.data && (
        <ul className="plain">{candidates.data.items.filter((x) => x.id !== c.id).map((x) => (
          <li key={x.id}><button type="button" className="link" onClick={() => setChosen(x)}>{x.name} · {x.email} · {x.orderCount ?? 0} orders</button></li>
        ))}</ul>
      )}
      {chosen && (
        <form onSubmit={(e) => { e.preventDefault(); merge.mutate() }}>
          <p>{chosen.name} ({chosen.email}) goes away: their {chosen.orderCount ?? 0} orders, notes and tags move to {c.name}.</p>
          <label>Note (kept in the history)<input value={note} onChange={(e) => setNote(e.target.value)} /></label>
          <button type="submit" className="danger" disabled={merge.isPending}>Merge</button>
        </form>
      )}
      {merge.isSuccess && <p role="status">Merged: {merge.data.ordersMoved} orders moved.</p>}
      {merge.isError && <p className="error" role="alert">{merge.error.message}</p>}
    </section>
  )
}

function PrivacyCard({ c, onDone }: { c: Customer; onDone: () => void }) {
  const navigate = useNavigate()
  const [reason, setReason] = useState('')
  const [confirming, setConfirming] = useState(false)
  const erase = useMutation({ mutationFn: () => post(`/customers/${c.id}/erase`, { reason }), onSuccess: () => { setConfirming(false); onDone(); navigate(`/customers/${c.id}`) } })
  return (
    <section className="card" aria-labelledby="privacy-title">
      <h2 id="privacy-title">Personal data (GDPR)</h2>
      <p><a href={`/api/v1/customers/${c.id}/export`} download={`customer-${c.id}.json`}>Download everything held about {c.name}</a> (JSON)</p>
      {c.erasedAt ? <p className="muted">Erased on {dateTime(c.erasedAt, 'en-GB')}. Amounts and invoices stay for the books.</p> : !confirming ? (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>Erase personal data…</button>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); erase.mutate() }}>
          <p>Name, e-mail, phone and addresses are removed from the customer, their orders and their e-mails. Amounts, lines and payments stay. This cannot be undone.</p>
          <label>Reason<input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} /></label>
          <div className="row-actions">
            <button type="submit" className="danger" disabled={erase.isPending}>Erase now</button>
            <button type="button" onClick={() => setConfirming(false)}>Cancel</button>
          </div>
          {erase.isError && <p className="error" role="alert">{erase.error.message}</p>}
        </form>
      )}
    </section>
  )
}
