/** The order's B2B tab: purchase-order reference, cost centre, approver; and moving it to another customer. */
import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get, post } from '../api.ts'
import { useSession } from '../session.tsx'
import type { Order } from '../types.ts'
import { QueryState } from '../ui.tsx'
import { CustomerPicker } from './Pickers.tsx'
import './desk.css'

interface B2b { poReference: string | null; costCentre: string | null; approver: string | null; quoteId: string | null }

export function OrderB2b({ o }: { o: Order }) {
  const { can } = useSession()
  const b2b = useQuery({ queryKey: ['b2b', o.id], queryFn: () => get<B2b>(`/orders/${o.id}/b2b`) })
  return (
    <div className="desk">
      <QueryState pending={b2b.isPending} error={b2b.error}>
        {b2b.data && <B2bForm o={o} b={b2b.data} editable={can('orders.notes')} />}
      </QueryState>
      {can('customers.merge') && <Reassign o={o} />}
    </div>
  )
}

function B2bForm({ o, b, editable }: { o: Order; b: B2b; editable: boolean }) {
  const qc = useQueryClient()
  const [po, setPo] = useState(b.poReference ?? '')
  const [cc, setCc] = useState(b.costCentre ?? '')
  const [approver, setApprover] = useState(b.approver ?? '')
  const save = useMutation({
    mutationFn: () => api<B2b>('PUT', `/orders/${o.id}/b2b`, { ...(po && { poReference: po }), ...(cc && { costCentre: cc }), ...(approver && { approver }) }),
    onSuccess: (next) => { qc.setQueryData(['b2b', o.id], next); qc.invalidateQueries({ queryKey: ['history', o.id] }) },
  })
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate() }
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="b2b-h">
      <h2 id="b2b-h">Business customer</h2>
      <label>Purchase-order reference<input value={po} onChange={(e) => setPo(e.target.value)} maxLength={100} readOnly={!editable} /></label>
      <label>Cost centre<input value={cc} onChange={(e) => setCc(e.target.value)} maxLength={100} readOnly={!editable} /></label>
      <label>Approved by<input value={approver} onChange={(e) => setApprover(e.target.value)} maxLength={200} readOnly={!editable} /></label>
      {b.quoteId && <p>From quote <Link to={`/quotes/${b.quoteId}`}>{b.quoteId.slice(-8)}</Link></p>}
      {editable && <div><button type="submit" disabled={save.isPending}>Save</button></div>}
      {save.error && <p role="alert" className="state error">{save.error.message}</p>}
    </form>
  )
}

function Reassign({ o }: { o: Order }) {
  const qc = useQueryClient()
  const [to, setTo] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const move = useMutation({
    mutationFn: () => post<Order>(`/orders/${o.id}/actions/reassign-customer`, { customerId: to, note }),
    onSuccess: (next) => { qc.setQueryData(['order', o.id], next); setTo(null); setNote('') },
  })
  return (
    <section className="card stack" aria-labelledby="reassign-h">
      <h2 id="reassign-h">Move to another customer</h2>
      <p className="small muted">Now: {o.customer.name} · {o.customer.email}</p>
      <CustomerPicker label="Find the right customer" onPick={(c) => { if ('id' in c) setTo(c.id) }} />
      {to && (
        <form className="stack" onSubmit={(e) => { e.preventDefault(); move.mutate() }}>
          <label>Why<input value={note} onChange={(e) => setNote(e.target.value)} required maxLength={2000} placeholder="Duplicate account" /></label>
          <div><button type="submit" className="primary">Move the order</button></div>
        </form>
      )}
      {move.error && <p role="alert" className="state error">{move.error.message}</p>}
    </section>
  )
}
