/**
 * The confirmation prompt every order and delivery action goes through: an internal
 * audit note, an optional client-facing note, and what the action itself needs
 * (carrier and tracking to ship, a reason to override a payment, lines to cancel).
 * A refusal (409) is shown with its reason next to the order's fresh state.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, get, post } from '../api.ts'
import { actionLabel, fractionDigits, words } from '../format.ts'
import type { Line, Order } from '../types.ts'
import { carriers } from '../deliveries/carriers.ts'

export interface ActionTarget {
  orderId: string
  orderNumber: string
  action: string
  currency: string
  delivery?: { id: string; number: string }
  /** For cancel-lines: the order's lines. */
  lines?: Line[]
}

export function ActionDialog({ target, onClose, onDone }: { target: ActionTarget; onClose: () => void; onDone: (message: string) => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  const qc = useQueryClient()
  const [note, setNote] = useState('')
  const [clientNote, setClientNote] = useState('')
  const [carrier, setCarrier] = useState('')
  const [trackingNumber, setTrackingNumber] = useState('')
  const [reason, setReason] = useState('')
  const [amount, setAmount] = useState('')
  const [quantities, setQuantities] = useState<Record<string, number>>({})
  const { action, delivery } = target
  const what = `${actionLabel(action)} ${delivery ? `delivery ${delivery.number}` : `order ${target.orderNumber}`}`

  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
  }, [])

  const run = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = {}
      if (note.trim()) body.note = note.trim()
      if (clientNote.trim()) body.clientNote = clientNote.trim()
      if (delivery) {
        if (carrier.trim()) body.carrier = carrier.trim()
        if (trackingNumber.trim()) body.trackingNumber = trackingNumber.trim()
        return post<Order>(`/orders/${target.orderId}/deliveries/${delivery.id}/actions/${action}`, body)
      }
      if (action === 'override-payment') body.reason = reason.trim()
      if (action === 'confirm-payment' && amount.trim()) body.amount = Math.round(Number(amount) * 10 ** fractionDigits(target.currency))
      if (action === 'cancel-lines') {
        body.lines = Object.entries(quantities).filter(([, q]) => q > 0).map(([lineId, quantity]) => ({ lineId, quantity }))
      }
      return post<Order>(`/orders/${target.orderId}/actions/${action}`, body)
    },
    onSuccess: (order) => {
      qc.setQueryData(['order', target.orderId], order)
      refresh()
      onDone(`Done: ${actionLabel(action)} ${delivery ? `(delivery ${delivery.number})` : `(order ${target.orderNumber})`}. The order is now ${words(order.status).toLowerCase()}.`)
    },
    // A refusal means someone else moved the order: show what it looks like now.
    onError: (error) => { if (error instanceof ApiError && error.status === 409) refresh() },
  })
  const refresh = () => {
    for (const key of [['order', target.orderId], ['history', target.orderId], ['transactions', target.orderId], ['orders'], ['customer-orders']]) {
      qc.invalidateQueries({ queryKey: key })
    }
  }
  const conflict = run.error instanceof ApiError && run.error.status === 409
  const loggedOut = run.error instanceof ApiError && (run.error.status === 401 || run.error.code === 'csrf_failed')
  const fresh = useQuery({ queryKey: ['order', target.orderId], queryFn: () => get<Order>(`/orders/${target.orderId}`), enabled: conflict })

  const submit = (e: FormEvent) => { e.preventDefault(); run.mutate() }
  const needsLines = action === 'cancel-lines' && !Object.values(quantities).some((q) => q > 0)
  const open = (target.lines ?? []).filter((l) => l.quantity > l.cancelledQuantity)

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="action-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="action-title">{what}</h2>
        {action === 'ship' && (
          <div className="row">
            <label>Carrier<input required list="carrier-list" value={carrier} onChange={(e) => setCarrier(e.target.value)} autoFocus /></label>
            <datalist id="carrier-list">{carriers.map((c) => <option key={c.name} value={c.name} />)}</datalist>
            <label>Tracking number<input required value={trackingNumber} onChange={(e) => setTrackingNumber(e.target.value)} /></label>
          </div>
        )}
        {action === 'override-payment' && (
          <label>Reason for the override<textarea required value={reason} onChange={(e) => setReason(e.target.value)} autoFocus rows={2} /></label>
        )}
        {action === 'confirm-payment' && (
          <label>Amount received ({target.currency}), empty for everything outstanding
            <input type="number" min="0" step="0.01" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} autoFocus />
          </label>
        )}
        {action === 'cancel-lines' && (
          <fieldset>
            <legend>Quantities to cancel</legend>
            {open.map((l) => (
              <label key={l.id} className="line-pick">
                <span>{l.sku} · {l.name} (of {l.quantity - l.cancelledQuantity})</span>
                <input type="number" min={0} max={l.quantity - l.cancelledQuantity} value={quantities[l.id] ?? 0}
                  onChange={(e) => setQuantities({ ...quantities, [l.id]: Number(e.target.value) })} />
              </label>
            ))}
          </fieldset>
        )}
        <label>Internal note (audit trail)<textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2}
          autoFocus={!['ship', 'override-payment', 'confirm-payment'].includes(action)} /></label>
        <label>Note for the customer (optional)<textarea value={clientNote} onChange={(e) => setClientNote(e.target.value)} rows={2} /></label>
        {run.isError && (
          <div className="error" role="alert">
            {loggedOut
              ? <><strong>Your session ended: nothing was changed. </strong>Log in again; what you typed here is kept, so you can press “{actionLabel(action)}” once more.</>
              : <><strong>{conflict ? 'Not possible now: ' : 'That did not work: '}</strong>{run.error.message}</>}
            {conflict && fresh.data && (
              <p>The order is now <strong>{words(fresh.data.status).toLowerCase()}</strong>, payment {words(fresh.data.paymentStatus).toLowerCase()}
                {delivery && <>, delivery {words(fresh.data.deliveries.find((d) => d.id === delivery.id)?.status).toLowerCase()}</>}. The page shows its current state.</p>
            )}
          </div>
        )}
        <div className="buttons">
          <button type="button" onClick={() => ref.current?.close()}>{conflict ? 'Close' : 'Back'}</button>
          {!conflict && (
            <button type="submit" className={action === 'cancel' || action === 'return' ? 'danger' : 'primary'} disabled={run.isPending || needsLines}>
              {run.isPending ? 'Working…' : actionLabel(action)}
            </button>
          )}
        </div>
      </form>
    </dialog>
  )
}
