/** The Licences area (A21): search keys, a licence's activations, activation, renewal and revocation. */
import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get, post } from '../api.ts'
import { date, dateTime, words } from '../format.ts'
import type { List } from '../types.ts'
import { useSession } from '../session.tsx'
import { Badge, Field, QueryState } from '../ui.tsx'
import type { Licence, LicenceEntry } from '../vouchers/types.ts'
import { useSearchedList } from '../searched-list.ts'
import { LicencePool } from './LicencePool.tsx'

export function LicenceList() {
  const { status, text, setText, list, show: to, submit } = useSearchedList<Licence>('/licences')
  const { locale } = useSession()
  return (
    <section aria-labelledby="licences-title">
      <div className="page-head"><h1 id="licences-title">Licences</h1></div>
      <form className="filters" role="search" onSubmit={submit} aria-label="Search licences">
        <label className="grow">Key, customer e-mail or order number<input type="search" value={text} onChange={(e) => setText(e.target.value)} /></label>
        <label>Status
          <select value={status} onChange={(e) => to(text, e.target.value)}>
            <option value="">Any</option><option value="active">Active</option><option value="revoked">Revoked</option>
          </select>
        </label>
        <button type="submit" className="primary">Search</button>
      </form>
      <QueryState pending={list.isPending} error={list.error} retry={() => list.refetch()} empty={list.data?.items.length === 0} emptyText="No licences match.">
        <div className="table-wrap">
          <table>
            <thead><tr><th>Key</th><th>Product</th><th>Status</th><th className="num">Activations</th><th>Valid until</th><th>Customer</th><th>Order</th></tr></thead>
            <tbody>
              {list.data?.items.map((l) => (
                <tr key={l.id}>
                  <td><Link className="mono" to={`/licences/${l.key}`}>{l.key}</Link></td><td>{l.productName ?? l.sku}</td>
                  <td><Badge status={l.status} />{l.expired && <span className="badge warn">Expired</span>}</td>
                  <td className="num">{l.activeActivations} / {l.activationLimit}</td><td>{date(l.expiresAt, locale(l.shop))}</td>
                  <td>{l.customerEmail ?? '–'}</td><td>{l.orderId ? <Link to={`/orders/${l.orderId}`}>{l.orderNumber}</Link> : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
      <LicencePool />
    </section>
  )
}

export function LicenceDetail() {
  const { key = '' } = useParams()
  const { can, locale } = useSession()
  const qc = useQueryClient()
  const path = `/licences/${encodeURIComponent(key)}`
  const licence = useQuery({ queryKey: ['licence', key], queryFn: () => get<Licence>(path) })
  const history = useQuery({ queryKey: ['licence-history', key], queryFn: () => get<List<LicenceEntry>>(`${path}/history`) })
  const done = (l: Licence) => { qc.setQueryData(['licence', key], l); qc.invalidateQueries({ queryKey: ['licence-history', key] }); qc.invalidateQueries({ queryKey: ['licences'] }) }
  const [machine, setMachine] = useState('')
  const [renewTo, setRenewTo] = useState('')
  const activate = useMutation({ mutationFn: () => post<Licence>(`${path}/activations`, { machine }), onSuccess: (l) => { setMachine(''); done(l) } })
  const deactivate = useMutation({ mutationFn: (id: string) => api<Licence>('DELETE', `${path}/activations/${id}`), onSuccess: done })
  const renew = useMutation({ mutationFn: () => post<Licence>(`${path}/renew`, { expiresAt: `${renewTo}T23:59:59.000Z` }), onSuccess: done })
  const revoke = useMutation({ mutationFn: (reason: string) => post<Licence>(`${path}/revoke`, { reason }), onSuccess: done })
  const failure = [activate, deactivate, renew, revoke].find((m) => m.isError)?.error
  const manage = can('licences.manage')
  return (
    <QueryState pending={licence.isPending} error={licence.error} retry={() => licence.refetch()}>
      {licence.data && (() => {
        const l = licence.data
        const loc = locale(l.shop)
        const live = l.activations?.filter((a) => !a.deactivatedAt) ?? []
        return (
          <article aria-labelledby="licence-title">
            <p className="crumbs"><Link to="/licences">Licences</Link> › {l.key}</p>
            <div className="page-head">
              <h1 id="licence-title" className="mono">{l.key}</h1> <Badge status={l.status} />{l.expired && <span className="badge warn">Expired</span>}
              <span className="muted">{l.activeActivations} of {l.activationLimit} activations</span>
              {manage && l.status === 'active' && (
                <button type="button" className="danger" onClick={() => { const r = window.prompt('Why is the licence revoked?'); if (r) revoke.mutate(r) }}>Revoke…</button>
              )}
            </div>
            {failure && <p className="error" role="alert">{failure.message}</p>}
            <div className="cards">
              <section className="card">
                <h2>Licence</h2>
                <dl className="fields">
                  <Field label="Product">{l.productName ?? l.sku} ({l.sku})</Field>
                  <Field label="Valid until">{date(l.expiresAt, loc)}</Field>
                  <Field label="Customer">{l.customerEmail ?? '–'}</Field>
                  <Field label="Order">{l.orderId ? <Link to={`/orders/${l.orderId}`}>{l.orderNumber}</Link> : '–'}</Field>
                  <Field label="Key from">{l.source === 'pool' ? 'Imported pool' : 'Generated'}</Field>
                  <Field label="Issued">{dateTime(l.createdAt, loc)}</Field>
                </dl>
              </section>
              {manage && l.status === 'active' && (
                <section className="card">
                  <h2>Activate and renew</h2>
                  <form className="stack" onSubmit={(e) => { e.preventDefault(); activate.mutate() }}>
                    <label>Machine<input required value={machine} maxLength={200} onChange={(e) => setMachine(e.target.value)} /></label>
                    <div><button type="submit" className="primary" disabled={activate.isPending}>Activate</button></div>
                  </form>
                  <form className="stack" onSubmit={(e) => { e.preventDefault(); renew.mutate() }}>
                    <label>Renew until<input type="date" required value={renewTo} onChange={(e) => setRenewTo(e.target.value)} /></label>
                    <div><button type="submit" disabled={renew.isPending}>Renew and e-mail the customer</button></div>
                  </form>
                </section>
              )}
            </div>
            <h2>Activations</h2>
            {(l.activations?.length ?? 0) === 0 ? <p className="state">Not activated anywhere yet.</p> : (
              <div className="table-wrap">
                <table>
                  <thead><tr><th>Machine</th><th>Activated</th><th>Deactivated</th><th></th></tr></thead>
                  <tbody>
                    {l.activations!.map((a) => (
                      <tr key={a.id}>
                        <td>{a.machine}</td><td>{dateTime(a.activatedAt, loc)}</td><td>{a.deactivatedAt ? dateTime(a.deactivatedAt, loc) : '–'}</td>
                        <td>{manage && !a.deactivatedAt && <button type="button" onClick={() => deactivate.mutate(a.id)}>Deactivate</button>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {live.length >= l.activationLimit && <p className="muted small">The limit is reached: deactivate a machine to activate another.</p>}
            <h2>History</h2>
            <QueryState pending={history.isPending} error={history.error} retry={() => history.refetch()}>
              <div className="table-wrap">
                <table>
                  <thead><tr><th>When</th><th>What</th><th>Note</th><th>By</th></tr></thead>
                  <tbody>{history.data?.items.map((e, i) => <tr key={i}><td>{dateTime(e.at, loc)}</td><td>{words(e.type)}</td><td>{e.note ?? '–'}</td><td>{e.actor.name}</td></tr>)}</tbody>
                </table>
              </div>
            </QueryState>
          </article>
        )
      })()}
    </QueryState>
  )
}
