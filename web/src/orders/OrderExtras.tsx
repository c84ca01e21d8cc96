/**
 * Order page pieces that read other parts of the API: e-mails sent, the documents
 * (packing slip, invoice, credit notes) and the export block.
 */
import { useState } from 'react'
import { useMutation, useQuery } from '@tanstack/react-query'
import { api, get } from '../api.ts'
import { dateTime, words } from '../format.ts'
import type { List } from '../types.ts'
import { useSession } from '../session.tsx'
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

interface DocumentItem { id: string; kind: string; number: string; url: string }

/** Packing slip, invoice and credit notes of the order (GET /orders/{id}/documents), as links. */
export function DocumentLinks({ orderId, version }: { orderId: string; version: number }) {
  const { can } = useSession()
  const docs = useQuery({
    queryKey: ['documents', orderId, version], enabled: can('documents.read'),
    queryFn: () => get<List<DocumentItem>>(`/orders/${orderId}/documents`),
  })
  if (!can('documents.read')) return <span className="muted">–</span>
  if (docs.isPending) return <span className="muted">…</span>
  if (docs.isError) return <span className="error">{docs.error.message}</span>
  if (!docs.data.items.length) return <span className="muted">No documents yet.</span>
  return (
    <ul className="plain">
      {docs.data.items.map((d) => <li key={d.id}><a href={d.url} target="_blank" rel="noopener">{words(d.kind)} {d.number}</a></li>)}
    </ul>
  )
}

/** Hold the order back from the export pipeline (or let it go again), with a note and a confirmation. */
export function ExportBlock({ orderId, current, onSaved }: {
  orderId: string; current: { blocked: boolean; note: string | null }; onSaved: () => void
}) {
  const { can } = useSession()
  const [asking, setAsking] = useState<boolean | null>(null)
  const [note, setNote] = useState('')
  const save = useMutation({
    mutationFn: (blocked: boolean) => api<{ blocked: boolean; note: string | null }>('PUT', `/orders/${orderId}/export-block`, { blocked, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: () => { setAsking(null); setNote(''); onSaved() },
  })
  return (
    <span className="inline-form">
      <span>{current.blocked ? <span className="badge bad">Blocked from export</span> : <span className="badge ok">Exported normally</span>}{current.note && <span className="muted small"> · {current.note}</span>}</span>
      {can('exports.manage') && (current.blocked
        ? <button type="button" className="small" onClick={() => setAsking(false)}>Allow export</button>
        : <button type="button" className="small" onClick={() => setAsking(true)}>Block export</button>)}
      {save.isError && <span className="error" role="alert">{save.error.message}</span>}
      {asking !== null && (
        <Confirm title={asking ? 'Block this order from export?' : 'Allow this order to be exported?'} confirmLabel={asking ? 'Block export' : 'Allow export'} danger={asking}
          text={<label>Why (kept in the audit log)<textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} /></label>}
          onConfirm={() => save.mutate(asking)} onCancel={() => setAsking(null)} />
      )}
    </span>
  )
}
