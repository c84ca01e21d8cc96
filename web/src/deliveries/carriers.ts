/** The carriers staff pick from when shipping, and where each one shows a parcel's journey. */
export interface Carrier { name: string; trackingUrl: (tracking: string) => string }

export const carriers: Carrier[] = [
  { name: 'Post CH', trackingUrl: (t) => `https://service.post.ch/ekp-web/ui/entry/shipping/1/?parcelId=${encodeURIComponent(t)}` },
  { name: 'DHL', trackingUrl: (t) => `https://www.dhl.com/global-en/home/tracking.html?tracking-id=${encodeURIComponent(t)}` },
  { name: 'DPD', trackingUrl: (t) => `https://tracking.dpd.de/status/en_US/parcel/${encodeURIComponent(t)}` },
  { name: 'GLS', trackingUrl: (t) => `https://gls-group.com/track/${encodeURIComponent(t)}` },
  { name: 'UPS', trackingUrl: (t) => `https://www.ups.com/track?tracknum=${encodeURIComponent(t)}` },
  { name: 'FedEx', trackingUrl: (t) => `https://www.fedex.com/fedextrack/?trknbr=${encodeURIComponent(t)}` },
  { name: 'Royal Mail', trackingUrl: (t) => `https://www.royalmail.com/track-your-item#/tracking-results/${encodeURIComponent(t)}` },
  { name: 'USPS', trackingUrl: (t) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${encodeURIComponent(t)}` },
]

const byName = new Map(carriers.map((c) => [c.name.toLowerCase(), c]))

/** The carrier's tracking page for this number, when the carrier is one we know. */
export function trackingUrl(carrier: string | null, tracking: string | null): string | undefined {
  if (!carrier || !tracking) return undefined
  return byName.get(carrier.trim().toLowerCase())?.trackingUrl(tracking)
}
