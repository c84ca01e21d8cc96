/** A tracking number, linked to the carrier's page when the carrier is known. */
import { trackingUrl } from './carriers.ts'

export function Tracking({ carrier, number }: { carrier: string | null; number: string | null }) {
  if (!number) return <span className="muted">–</span>
  const url = trackingUrl(carrier, number)
  return (
    <span className="tracking">
      {carrier && <span className="muted small">{carrier} </span>}
      {url ? <a href={url} target="_blank" rel="noopener noreferrer" title={`Follow the parcel on the ${carrier} website`}>{number}</a> : <code>{number}</code>}
    </span>
  )
}
