/**
 * Edit mode for an order before fulfilment: quantities, lines added or removed, the
 * shipping address and contact. "Preview" asks the server for a dry run and shows the new
 * total and the payment difference; only "Confirm" changes the order.
 */
import { useEffect, useRef, useState } from 'react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { post } from '../api.ts'
import type { Address, Order } from '../types.ts'
import { Money } from '../ui.tsx'

interface EditResult {
  dryRun: boolean; changes: string[]
  before: { subtotal: number; tax: number; total: number }; after: { subtotal: number; tax: number; total: number }
  paymentDifference: { amount: number; action: 'none' | 'refund' | 'capture' | 'covered' | 'owed'; currency: string }
  order: Order
}

const differenceWords: Record<EditResult['paymentDifference']['action'], string> = {
  none: 'No payment difference.',
  refund: 'The difference is refunded to the customer.',
  capture: 'The difference is charged to the card now.',
  covered: 'The card authorisation covers it; it is charged at shipment.',
  owed: 'The customer owes the difference.',
}

export function EditOrderDialog({ o, loc, onClose, onDone }: { o: Order; loc: string; onClose: () => void; onDone: (message: string) => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  const qc = useQueryClient()
  const open = o.lines.filter((l) => l.quantity > l.cancelledQuantity)
  const [quantities, setQuantities] = useState<Record<string, number>>(Object.fromEntries(open.map((l) => [l.id, l.quantity - l.cancelledQuantity])))
  const [addSku, setAddSku] = useState('')
  const [addQty, setAddQty] = useState(1)
  const [ship, setShip] = useState<Address>(o.shippingAddress ?? o.billingAddress)
  const [email, setEmail] = useState(o.customer.email)
  const [note, setNote] = useState('')
  const [preview, setPreview] = useState<EditResult | null>(null)

  useEffect(() => { const d = ref.current; if (d && !d.open) d.showModal() }, [])

  const changes = () => {
    const list: Record<string, unknown>[] = []
    for (const l of open) {
      const q = quantities[l.id]
      if (q === 0) list.push({ type: 'remove_line', lineId: l.id })
      else if (q !== l.quantity - l.cancelledQuantity) list.push({ type: 'set_quantity', lineId: l.id, quantity: q })
    }
    if (addSku.trim()) list.push({ type: 'add_line', sku: addSku.trim(), quantity: addQty })
    const before = o.shippingAddress ?? o.billingAddress
    if (JSON.stringify(ship) !== JSON.stringify(before)) list.push({ type: 'set_address', which: 'shipping', address: ship })
    if (email.trim() !== o.customer.email) list.push({ type: 'set_customer_contact', email: email.trim() })
    return list
  }
  const body = () => ({ changes: changes(), ...(note.trim() && { note: note.trim() }) })
  const dry = useMutation({ mutationFn: () => post<EditResult>(`/orders/${o.id}/edits?dryRun=true`, body()), onSuccess: setPreview })
  const apply = useMutation({
    mutationFn: () => post<EditResult>(`/orders/${o.id}/edits`, body()),
    onSuccess: (r) => {
      qc.setQueryData(['order', o.id], r.order)
      for (const key of [['history', o.id], ['transactions', o.id], ['orders']]) qc.invalidateQueries({ queryKey: key })
      onDone(`Order edited: ${r.changes.join('; ')}.`)
    },
  })
  // Any change to the form makes the preview stale.
  const touch = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPreview(null) }
  const m = (n: number) => <Money amount={n} currency={o.totals.currency} locale={loc} />
  const nothing = changes().length === 0
  const field = (key: keyof Address, label: string) => (
    <label>{label}<input value={(ship[key] as string | undefined) ?? ''} onChange={(e) => touch(setShip)({ ...ship, [key]: e.target.value })} /></label>
  )

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="edit-title" onClose={onClose}>
      <form onSubmit={(e) => { e.preventDefault(); if (preview) apply.mutate(); else dry.mutate() }}>
        <h2 id="edit-title">Edit order {o.number}</h2>
        <fieldset>
          <legend>Quantities (0 removes the line)</legend>
          {open.map((l) => (
            <label key={l.id} className="line-pick">
              <span>{l.sku} · {l.name}</span>
              <input type="number" min={0} max={100000} value={quantities[l.id]} aria-label={`Quantity of ${l.sku}`}
                onChange={(e) => touch(setQuantities)({ ...quantities, [l.id]: Number(e.target.value) })} />
            </label>
          ))}
        </fieldset>
        <div className="row">
          <label>Add article (SKU)<input value={addSku} onChange={(e) => touch(setAddSku)(e.target.value)} /></label>
          <label>Quantity<input type="number" min={1} value={addQty} onChange={(e) => touch(setAddQty)(Number(e.target.value))} /></label>
        </div>
        <fieldset>
          <legend>Shipping address</legend>
          <div className="row">{field('name', 'Name')}{field('street', 'Street')}</div>
          <div className="row">{field('postalCode', 'Postal code')}{field('city', 'City')}{field('country', 'Country')}</div>
        </fieldset>
        <label>Customer e-mail<input type="email" value={email} onChange={(e) => touch(setEmail)(e.target.value)} /></label>
        <label>Internal note<textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} /></label>
        {preview && (
          <div className="notice" role="status" aria-label="Difference">
            <strong>{preview.changes.join('; ')}</strong>
            <p>Total {m(preview.before.total)} → {m(preview.after.total)}.{' '}
              {preview.paymentDifference.amount !== 0 && <>Difference {m(Math.abs(preview.paymentDifference.amount))}: </>}
              {differenceWords[preview.paymentDifference.action]}</p>
          </div>
        )}
        {(dry.isError || apply.isError) && <p className="error" role="alert">{(dry.error ?? apply.error)?.message}</p>}
        <div className="buttons">
          <button type="button" onClick={() => ref.current?.close()}>Back</button>
          {preview
            ? <button type="submit" className="primary" disabled={apply.isPending}>{apply.isPending ? 'Working…' : 'Confirm edit'}</button>
            : <button type="submit" className="primary" disabled={dry.isPending || nothing}>{dry.isPending ? 'Working…' : 'Preview difference'}</button>}
        </div>
      </form>
    </dialog>
  )
}
