/** What a template sees: the order (as the API shows it), the event, its delivery, the shop. */
import type { Database } from '../db/database.ts'
import { orderToApi } from '../orders/order.api.ts'
import { loadOrder } from '../orders/order.repo.ts'
import { billingOf } from '../shops/shop-billing-mail.ts'
import { orderItemsForMail } from '../vouchers/mail-items.ts'

const trackingLinks: Record<string, (n: string) => string> = {
  'post ch': (n) => `https://service.post.ch/ekp-web/ui/entry/search/${encodeURIComponent(n)}`,
  dhl: (n) => `https://www.dhl.com/track?tracking-id=${encodeURIComponent(n)}`,
  ups: (n) => `https://www.ups.com/track?tracknum=${encodeURIComponent(n)}`,
  dpd: (n) => `https://tracking.dpd.de/status/en_US/parcel/${encodeURIComponent(n)}`,
}

/**
 * Keeps what several e-mails of one batch share (the shop, the order as it is now) so it is
 * read once; `noMemo` reads everything afresh.
 */
export type Memo = <T>(key: string, load: () => Promise<T>) => Promise<T>
export const noMemo: Memo = (_key, load) => load()
export function batchMemo(): Memo {
  const kept = new Map<string, Promise<unknown>>()
  return <T>(key: string, load: () => Promise<T>) => {
    if (!kept.has(key)) kept.set(key, load())
    return kept.get(key) as Promise<T>
  }
}

export async function mailContext(db: Database, shopCode: string, orderId: string | null, event: Record<string, unknown>, memo: Memo = noMemo) {
  const [shop, billing, order, items] = await Promise.all([
    memo(`shop|${shopCode}`, () => db.selectFrom('shops').select(['code', 'name', 'currency']).where('code', '=', shopCode).executeTakeFirst()),
    memo(`billing|${shopCode}`, () => billingOf(db, shopCode)),
    orderId ? memo(`order|${orderId}`, async () => orderToApi(await loadOrder(db, orderId))) : undefined,
    // The vouchers and licence keys the order sold (A20, A21).
    memo(`items|${orderId}`, () => orderItemsForMail(db, orderId)),
  ])
  const found = order?.deliveries.find((d) => d.id === event.deliveryId)
  const link = found?.carrier && found.trackingNumber ? trackingLinks[found.carrier.toLowerCase()]?.(found.trackingNumber) : undefined
  const delivery = found && { ...found, trackingUrl: link ?? null }
  const { vouchers, licences } = items
  return { shop: { ...(shop ?? { code: shopCode }), ...billing }, order, delivery, event, vouchers, licences }
}
