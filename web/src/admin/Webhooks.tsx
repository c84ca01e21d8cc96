/** Webhook subscriptions per shop, each with its delivery log and redelivery. */
import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get, post } from '../api.ts'
import { dateTime, words } from '../format.ts'
import type { List } from '../types.ts'
import { useSession } from '../session.tsx'
import { Badge, Confirm, QueryState } from '../ui.tsx'
import { ShownOnce } from './shared.tsx'

interface Subscription { id: string; shop: string; url: string; events: string[]; active: boolean; failureStreak: number; disabledReason: string | null; createdAt: string }
interface WebhookDelivery { id: string; eventType: string; status: string; attempts: number; responseStatus: number | null; durationMs: number; lastError: string | null; createdAt: string }

export function WebhooksPage() {
  const { shops } = useSession()
  const qc = useQueryClient()
  const subs = useQuery({ queryKey: ['webhooks'], queryFn: () => get<List<Subscription>>('/webhooks') })
  const [form, setForm] = useState({ shop: shops[0]?.code ?? '', url: '', events: 'order.*' })
  const [secret, setSecret] = useState<string | null>(null)
  const [open, setOpen] = useState<string | null>(null)
  const [removing, setRemoving] = useState<Subscription | null>(null)
  const refresh = () => qc.invalidateQueries({ queryKey: ['webhooks'] })
  const create = useMutation({
    mutationFn: () => post<Subscription & { secret: string }>('/webhooks', { shop: form.shop, url: form.url.trim(), events: form.events.split(/[\s,]+/).filter(Boolean) }),
    onSuccess: (r) => { setSecret(r.secret); setForm({ ...form, url: '' }); setOpen(r.id); refresh() },
  })
  const change = useMutation({ mutationFn: (s: { id: string; active: boolean }) => api('PATCH', `/webhooks/${s.id}`, { active: s.active }), onSettled: refresh })
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE', `/webhooks/${id}`), onSettled: refresh })
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate() }
  return (
    <section aria-labelledby="webhooks-title">
      <div className="page-head"><h1 id="webhooks-title">Webhooks</h1></div>
      {secret && <ShownOnce label="Signing secret of the new webhook:" value={secret} onDismiss={() => setSecret(null)} />}
      <form className="filters" onSubmit={submit} aria-label="New webhook">
        <label>Shop<select value={form.shop} onChange={(e) => setForm({ ...form, shop: e.target.value })} required>{shops.map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}</select></label>
        <label className="grow">URL<input type="url" required placeholder="https://example.com/hooks/ordo" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} /></label>
        <label>Events<input required value={form.events} onChange={(e) => setForm({ ...form, events: e.target.value })} title="order.placed, delivery.*, or * for all" /></label>
        <button type="submit" className="primary" disabled={create.isPending}>Add webhook</button>
        {create.isError && <p className="error" role="alert">{create.error.message}</p>}
      </form>
      {(change.isError || remove.isError) && <p className="error" role="alert">{(change.error ?? remove.error)!.message}</p>}
      <QueryState pending={subs.isPending} error={subs.error} retry={() => subs.refetch()} empty={subs.data?.items.length === 0} emptyText="No webhooks yet.">
        <ul className="plain stack">
          {subs.data?.items.map((s) => (
            <li key={s.id} className="card">
              <div className="inline-form">
                <strong className="url">{s.url}</strong>
                <span className="muted small">{s.shop} · {s.events.join(', ')}</span>
                {s.active ? <span className="badge ok">On</span> : <span className="badge muted">Off</span>}
                {s.disabledReason && <span className="badge bad" title={s.disabledReason}>{s.disabledReason}</span>}
                <span className="spacer" />
                <button type="button" className="small" aria-expanded={open === s.id} onClick={() => setOpen(open === s.id ? null : s.id)}>Delivery log</button>
                <button type="button" className="small" onClick={() => change.mutate({ id: s.id, active: !s.active })}>{s.active ? 'Switch off' : 'Switch on'}</button>
                <button type="button" className="small danger" onClick={() => setRemoving(s)}>Remove</button>
              </div>
              {open === s.id && <DeliveryLog id={s.id} />}
            </li>
          ))}
        </ul>
      </QueryState>
      {removing && <Confirm danger title="Remove this webhook?" confirmLabel="Remove webhook" text={<>{removing.url} gets no more events, and its log is removed.</>}
        onConfirm={() => { remove.mutate(removing.id); setRemoving(null) }} onCancel={() => setRemoving(null)} />}
    </section>
  )
}

function DeliveryLog({ id }: { id: string }) {
  const { locale } = useSession()
  const qc = useQueryClient()
  const [status, setStatus] = useState('')
  const log = useQuery({ queryKey: ['webhook-log', id, status], queryFn: () => get<List<WebhookDelivery>>(`/webhooks/${id}/deliveries?limit=100${status ? `&status=${status}` : ''}`), refetchInterval: 5000 })
  const again = useMutation({ mutationFn: (d: string) => post(`/webhook-deliveries/${d}/redeliver`), onSettled: () => qc.invalidateQueries({ queryKey: ['webhook-log', id] }) })
  return (
    <div className="log">
      <label className="inline">Show<select value={status} onChange={(e) => setStatus(e.target.value)}>
        <option value="">everything</option><option value="failed">failed</option><option value="pending">pending</option><option value="succeeded">succeeded</option>
      </select></label>
      {again.isError && <p className="error" role="alert">{again.error.message}</p>}
      {again.isSuccess && <p className="notice" role="status">Sent again: it shows here when it has gone out.</p>}
      <QueryState pending={log.isPending} error={log.error} empty={log.data?.items.length === 0} emptyText="Nothing sent yet.">
        <table className="compact-table">
          <thead><tr><th>When</th><th>Event</th><th>Result</th><th className="num">Answer</th><th className="num">Time</th><th className="num">Attempts</th><th>Error</th><th></th></tr></thead>
          <tbody>
            {log.data?.items.map((d) => (
              <tr key={d.id}>
                <td data-label="When">{dateTime(d.createdAt, locale())}</td><td data-label="Event">{d.eventType}</td><td data-label="Result"><Badge status={d.status} /></td>
                <td data-label="Answer" className="num">{d.responseStatus ?? '–'}</td><td data-label="Time" className="num">{d.durationMs} ms</td>
                <td data-label="Attempts" className="num">{d.attempts}</td><td data-label="Error" className="small">{d.lastError ? words(d.lastError) : ''}</td>
                <td><button type="button" className="small" disabled={again.isPending} onClick={() => again.mutate(d.id)}>Redeliver</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </QueryState>
    </div>
  )
}
