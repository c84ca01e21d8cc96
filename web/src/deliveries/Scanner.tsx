/**
 * A scanner-friendly field: scan (or type) a delivery number and Enter, then the parcel's
 * tracking number and Enter: the delivery ships with the chosen carrier. Escape starts over.
 */
import { useRef, useState, type KeyboardEvent } from 'react'
import { get, post } from '../api.ts'
import { words } from '../format.ts'
import type { QueuePage, QueuedDelivery } from './queue-api.ts'

export function Scanner({ carrier, onShipped }: { carrier: string; onShipped: (message: string) => void }) {
  const [value, setValue] = useState('')
  const [pending, setPending] = useState<QueuedDelivery | null>(null)
  const [message, setMessage] = useState<{ text: string; bad?: boolean } | null>(null)
  const busy = useRef(false)

  const onKey = async (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') { setPending(null); setValue(''); setMessage(null); return }
    if (e.key !== 'Enter' || busy.current) return
    e.preventDefault()
    const scanned = value.trim()
    if (!scanned) return
    busy.current = true
    setValue('')
    try {
      if (!pending) {
        const found = (await get<QueuePage>(`/deliveries?number=${encodeURIComponent(scanned)}`)).items
        const d = found.find((x) => x.allowedActions.includes('ship')) ?? found[0]
        if (!d) setMessage({ text: `No delivery ${scanned} here.`, bad: true })
        else if (!d.allowedActions.includes('ship')) setMessage({ text: `Delivery ${d.number} is ${words(d.status).toLowerCase()}: it cannot ship now.`, bad: true })
        else { setPending(d); setMessage({ text: `Delivery ${d.number} (order ${d.orderNumber}, ${d.customer}): now scan its tracking number.` }) }
      } else {
        await post(`/orders/${pending.orderId}/deliveries/${pending.id}/actions/ship`, { carrier, trackingNumber: scanned })
        const text = `Shipped delivery ${pending.number} with ${carrier}, tracking ${scanned}.`
        setPending(null); setMessage({ text }); onShipped(text)
      }
    } catch (error) {
      setMessage({ text: (error as Error).message, bad: true })
      setPending(null)
    } finally {
      busy.current = false
    }
  }

  return (
    <div className="scanner">
      <label>{pending ? `Tracking number for ${pending.number}` : 'Scan a delivery number'}
        <input value={value} onChange={(e) => setValue(e.target.value)} onKeyDown={onKey} autoComplete="off" spellCheck={false}
          placeholder={pending ? 'then Enter: ships it' : 'then Enter'} aria-describedby="scan-message" />
      </label>
      <p id="scan-message" className={message?.bad ? 'error small' : 'muted small'} role="status">{message?.text ?? ''}</p>
    </div>
  )
}
