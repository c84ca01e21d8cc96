/** Consultation requests: the waiting queue and the list, and one request with its notes and history. */
import { useState, type FormEvent } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { get, post, queryString } from '../api.ts'
import { dateTime } from '../format.ts'
import { useSession } from '../session.tsx'
import type { List } from '../types.ts'
import { Badge, QueryState } from '../ui.tsx'
import { DeskHistory } from '../drafts/DeskHistory.tsx'
import type { Consultation, Draft } from '../drafts/types.ts'
import '../drafts/desk.css'

const views: Record<string, Record<string, string>> = {
  'Waiting longest': { view: 'waiting' },
  'Mine': { assignee: 'me', status: 'pending_confirmation,confirmed,processing' },
  'All open': { status: 'pending_confirmation,confirmed,processing' },
  'Done': { status: 'done' },
  'Cancelled': { status: 'cancelled' },
}

const waited = (minutes: number) => (minutes < 60 ? `${minutes} min` : minutes < 2880 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 1440)} days`)

export function ConsultationList() {
  const [params, setParams] = useSearchParams()
  const view = params.get('v') ?? 'Waiting longest'
  const { locale } = useSession()
  const list = useQuery({
    queryKey: ['consultations', view], placeholderData: keepPreviousData,
    queryFn: () => get<List<Consultation>>(`/consultations${queryString(views[view] ?? views['Waiting longest'])}`),
  })
  return (
    <section aria-labelledby="consult-title">
      <div className="page-head">
        <h1 id="consult-title">Consultation requests</h1>
        <div className="presets">
          {Object.keys(views).map((label) => <button key={label} type="button" aria-pressed={view === label} onClick={() => setParams({ v: label })}>{label}</button>)}
        </div>
      </div>
      <QueryState pending={list.isPending} error={list.error} retry={() => list.refetch()} empty={list.data?.items.length === 0} emptyText="Nobody is waiting.">
        <div className="table-wrap">
          <table>
            <thead><tr><th>Contact</th><th>Shop</th><th>Status</th><th>Waiting</th><th>Products</th><th>Preferred time</th><th>Assigned to</th></tr></thead>
            <tbody>
              {list.data?.items.map((c) => (
                <tr key={c.id}>
                  <td><Link className="order-link" to={`/consultations/${c.id}`}>{c.contact.name}</Link><div className="muted small">{c.contact.email}</div></td>
                  <td>{c.shop}</td><td><Badge status={c.status} /></td>
                  <td title={dateTime(c.createdAt, locale(c.shop))}>{waited(c.waitingMinutes)}</td>
                  <td>{c.products.map((p) => p.name).join(', ') || '–'}</td><td>{c.preferredTime ?? '–'}</td><td>{c.assignee?.name ?? <span className="badge warn">Unassigned</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
    </section>
  )
}

const labels: Record<string, string> = { confirm: 'Confirm', start: 'Start work', complete: 'Done', cancel: 'Cancel' }

export function ConsultationDetail() {
  const { id = '' } = useParams()
  const c = useQuery({ queryKey: ['consultation', id], queryFn: () => get<Consultation>(`/consultations/${id}`) })
  return <QueryState pending={c.isPending} error={c.error} retry={() => c.refetch()}>{c.data && <ConsultationView c={c.data} />}</QueryState>
}

function ConsultationView({ c }: { c: Consultation }) {
  const qc = useQueryClient()
  const navigate = useNavigate()
  const { locale, can } = useSession()
  const loc = locale(c.shop)
  const act = useMutation({
    mutationFn: ({ action, body }: { action: string; body?: object }) => post<Consultation>(`/consultations/${c.id}/actions/${action}`, body),
    onSuccess: (next) => qc.setQueryData(['consultation', c.id], next),
  })
  const convert = useMutation({ mutationFn: () => post<Draft>(`/consultations/${c.id}/actions/convert`), onSuccess: (d) => navigate(`/drafts/${d.id}`) })
  const [note, setNote] = useState('')
  const addNote = (e: FormEvent) => { e.preventDefault(); act.mutate({ action: 'note', body: { note } }, { onSuccess: () => setNote('') }) }
  const error = act.error ?? convert.error
  return (
    <section aria-labelledby="consultation-title">
      <p className="crumbs"><Link to="/consultations">Consultation requests</Link></p>
      <div className="page-head">
        <h1 id="consultation-title">{c.contact.name}</h1><Badge status={c.status} />
        <span className="muted">waiting since {dateTime(c.createdAt, loc)}{c.assignee && ` · ${c.assignee.name}`}</span>
        {c.draftId && <Link to={`/drafts/${c.draftId}`}>Open the draft order</Link>}
      </div>
      {error && <p role="alert" className="state error">{error.message}</p>}
      <div className="desk">
        <div>
          <section className="card">
            <h2>Request</h2>
            <p>{c.contact.email}{c.contact.phone && ` · ${c.contact.phone}`}{c.preferredTime && ` · prefers ${c.preferredTime}`}</p>
            <p style={{ whiteSpace: 'pre-wrap' }}>{c.message}</p>
            {c.products.length > 0 && <p>Products of interest: {c.products.map((p) => `${p.name} (${p.sku})`).join(', ')}</p>}
          </section>
          <form className="card stack" onSubmit={addNote} aria-label="Add a note">
            <label>Note<textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={4000} required /></label>
            <div><button type="submit">Add note</button></div>
          </form>
          <DeskHistory path={`/consultations/${c.id}/history`} version={c.updatedAt} locale={loc} />
        </div>
        <div>
          <section className="card stack">
            <h2>Handle</h2>
            <div className="row-actions">
              {c.allowedActions.includes('assign') && <button type="button" onClick={() => act.mutate({ action: 'assign', body: {} })}>Assign to me</button>}
              {Object.entries(labels).filter(([a]) => c.allowedActions.includes(a)).map(([a, label]) => (
                <button key={a} type="button" className={a === 'cancel' ? 'danger' : ''} onClick={() => act.mutate({ action: a, body: {} })}>{label}</button>
              ))}
            </div>
            {c.allowedActions.includes('convert') && can('drafts.manage') && (
              <button type="button" className="primary" onClick={() => convert.mutate()} disabled={convert.isPending}>Convert to order</button>
            )}
          </section>
        </div>
      </div>
    </section>
  )
}
