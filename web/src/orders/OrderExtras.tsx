/**
 * Order page pieces that read other parts of the API: e-mails sent, business (B2B) fields,
 * documents (packing slip, invoice) and the export block. Each stays quiet where its API is absent.
 */
import { useState } from 'react'
import { useMutation, useQuery } from '@tanstack/react-query'
import { ApiError, api, get } from '../api.ts'
import { dateTime, words } from '../format.ts'
import type { List } from '../types.ts'
import { useApiHas, useSession } from '../session.tsx'
import { Confirm, Field, QueryState } from '../ui.tsx'

export interface MailMessage {
  id: number; shop: string; orderId: string | null; event: string; recipient: string; to: string[]
  subject: string; text: string; html: string; transport: string; messageId: string | null; at: string
}

/** The e-mails Ordo sent about this order, newest first, each readable in full. */
export function MailSent({ orderId, loc }: { orderId: string; loc: string }) {
  const mail = useQuery({ queryKey: ['mail', orderId], queryFn: () => get<List<MailMessage>>(`/mail?orderId=${orderId}&limit=100`) })
  return (
    <QueryState pending={mail.isPending} error={mail.error} retry={() => mail.refetch()} empty={mail.data?.items.length === 0} emptyText="No e-mails were sent for this order.">
      <ul className="mail-list">
        {mail.data?.items.map((m) => (
          <li key={m.id} className="card">
            <details>
              <summary><strong>{m.subject}</strong> <span className="muted small">· {words(m.event)} · to {m.to.join(', ')} · {dateTime(m.at, loc)}</span></summary>
              <pre className="mail-text">{m.text}</pre>
            </details>
          </li>
        ))}
      </ul>
    </QueryState>
  )
}

export interface B2bFields { poReference: string | null; costCentre: string | null; approver: string | null; quoteId?: string | null }
const b2bLabels: Record<string, string> = { poReference: 'Purchase order', costCentre: 'Cost centre', approver: 'Approved by', quoteId: 'From quote' }

/** The order's business fields, where the API has them (GET /orders/{id}/b2b). */
export function useB2b(orderId: string) {
  const has = useApiHas('/orders/{id}/b2b')
  return useQuery({
    queryKey: ['b2b', orderId], retry: false, staleTime: 60_000, enabled: has,
    queryFn: async () => { try { return await get<B2bFields>(`/orders/${orderId}/b2b`) } catch (e) { if (e instanceof ApiError && e.status === 404) return null; throw e } },
  })
}
export const b2bFieldsOf = (b: B2bFields | null | undefined) => Object.entries(b ?? {}).filter(([, v]) => v !== null && v !== '')

export function B2bPanel({ fields }: { fields: B2bFields | null | undefined }) {
  return (
    <dl className="fields wide">
      {b2bFieldsOf(fields).map(([k, v]) => <Field key={k} label={b2bLabels[k] ?? words(k)}>{String(v)}</Field>)}
    </dl>
  )
}

interface Document { kind: string; number?: string; url?: string; id?: string }

/** Packing slip, invoice and credit notes of the order, from the documents API when it is there. */
export function DocumentLinks({ orderId }: { orderId: string }) {
  const { can } = useSession()
  const has = useApiHas('/orders/{id}/documents')
  const docs = useQuery({
    queryKey: ['documents', orderId], retry: false, enabled: has && can('documents.read'),
    queryFn: () => get<List<Document>>(`/orders/${orderId}/documents`),
  })
  if (!has || !can('documents.read')) return <span className="muted">–</span>
  if (docs.isPending) return <span className="muted">…</span>
  if (docs.isError || !docs.data?.items?.length) return <span className="muted">No documents yet.</span>
  return (
    <ul className="plain">
      {docs.data.items.map((d, i) => {
        const href = d.url ?? `/api/v1/documents/${d.id}.pdf`
        return <li key={i}><a href={href} target="_blank" rel="noopener">{words(d.kind)}{d.number ? ` ${d.number}` : ''}</a></li>
      })}
    </ul>
  )
}

/** Hold the order back from the export pipeline (or let it go again), with a note and a confirmation. */
export function ExportBlock({ orderId }: { orderId: string }) {
  const { can } = useSession()
  const [asking, setAsking] = useState<boolean | null>(null)
  const [note, setNote] = useState('')
  const [state, setState] = useState<{ blocked: boolean; note: string | null } | null>(null)
  const save = useMutation({
    mutationFn: (blocked: boolean) => api<{ blocked: boolean; note: string | null }>('PUT', `/orders/${orderId}/export-block`, { blocked, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: (r) => { setState(r); setAsking(null); setNote('') },
  })
  if (!can('exports.manage')) return <span className="muted">Exported by the pipeline of its shop.</span>
  return (
    <span className="inline-form">
      {state ? <span>{state.blocked ? <span className="badge bad">Blocked from export</span> : <span className="badge ok">Exported normally</span>}{state.note && <span className="muted small"> · {state.note}</span>}</span>
        : <span className="muted">Exported by the pipeline of its shop.</span>}
      <button type="button" className="small" onClick={() => setAsking(true)}>Block export</button>
      <button type="button" className="small" onClick={() => setAsking(false)}>Allow export</button>
      {save.isError && <span className="error" role="alert">{save.error.message}</span>}
      {asking !== null && (
        <Confirm title={asking ? 'Block this order from export?' : 'Allow this order to be exported?'} confirmLabel={asking ? 'Block export' : 'Allow export'} danger={asking}
          text={<label>Why (kept in the audit log)<textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} /></label>}
          onConfirm={() => save.mutate(asking)} onCancel={() => setAsking(null)} />
      )}
    </span>
  )
}
