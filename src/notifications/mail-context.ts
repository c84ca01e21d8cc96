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

export async function mailContext(db: Database, shopCode: string, orderId: string | null, event: Record<string, unknown>) {
  const shop = await db.selectFrom('shops').select(['code', 'name', 'currency']).where('code', '=', shopCode).executeTakeFirst()
  const order = orderId ? orderToApi(await loadOrder(db, orderId)) : undefined
  const found = order?.deliveries.find((d) => d.id === event.deliveryId)
  const link = found?.carrier && found.trackingNumber ? trackingLinks[found.carrier.toLowerCase()]?.(found.trackingNumber) : undefined
  const delivery = found && { ...found, trackingUrl: link ?? null }
  // The vouchers and licence keys the order sold (A20, A21).
  const { vouchers, licences } = await orderItemsForMail(db, orderId)
  return { shop: { ...(shop ?? { code: shopCode }), ...await billingOf(db, shopCode) }, order, delivery, event, vouchers, licences }
}
