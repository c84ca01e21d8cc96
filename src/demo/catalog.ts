/** The demo shops, warehouses and products, as the API takes them. */

const inMonths = (months: number): string => {
  const date = new Date()
  date.setUTCMonth(date.getUTCMonth() + months, 1)
  return date.toISOString().slice(0, 10)
}

export const demoShops = [
  {
    code: 'ch',
    name: 'Alpenhaus Schweiz',
    currency: 'CHF',
    // Swiss shelf prices are shown and stored with VAT included.
    pricesIncludeTax: true,
    settings: {
      orderNumberPrefix: 'CH-', orderNumberStart: 100001,
      invoiceNumberPrefix: 'RE-CH-', invoiceNumberStart: 5001, invoiceNumbersEnabled: true,
      requireApproval: false, approvalThreshold: 150000, capturePer: 'delivery',
    },
  },
  {
    code: 'eu',
    name: 'Alpenhaus Europe',
    currency: 'EUR',
    pricesIncludeTax: false,
    settings: {
      // The ERP issues this shop's invoices, so Ordo numbers none.
      orderNumberPrefix: 'EU-', orderNumberStart: 200001,
      invoiceNumberPrefix: 'RE-EU-', invoiceNumberStart: 1, invoiceNumbersEnabled: false,
      requireApproval: false, approvalThreshold: 120000, capturePer: 'order',
    },
  },
] as const

export type DemoShopCode = (typeof demoShops)[number]['code']

export const demoWarehouses = [
  // Stock is reserved from the lowest priority first.
  { code: 'ZRH', name: 'Zürich fulfilment centre', priority: 10 },
  { code: 'LEJ', name: 'Leipzig fulfilment centre', priority: 20 },
] as const

export interface DemoProduct {
  sku: string
  name: string
  kind: 'physical' | 'electronic'
  prices: { CHF: number; EUR: number }
  taxRate: number
  backorder?: boolean
  availableFrom?: string
  /** On hand per warehouse; absent for electronic products. */
  stock?: { ZRH: number; LEJ: number }
}

const physical = (sku: string, name: string, chf: number, eur: number, taxRate = 8.1): DemoProduct =>
  ({ sku, name, kind: 'physical', prices: { CHF: chf, EUR: eur }, taxRate, stock: { ZRH: 400, LEJ: 300 } })
const electronic = (sku: string, name: string, chf: number, eur: number): DemoProduct =>
  ({ sku, name, kind: 'electronic', prices: { CHF: chf, EUR: eur }, taxRate: 8.1 })

export const demoProducts: DemoProduct[] = [
  physical('KNIFE-CHEF-20', "Chef's knife, 20 cm", 8900, 7490),
  physical('PAN-CAST-28', 'Cast-iron pan, 28 cm', 6900, 5490),
  physical('BOARD-OAK-40', 'Oak cutting board, 40 cm', 4900, 3990),
  physical('MUG-ENAMEL', 'Enamel mug, white', 1490, 1190),
  physical('BOTTLE-STEEL-750', 'Steel bottle, 0.75 l', 2990, 2390),
  physical('PACK-HIKE-30', 'Hiking backpack, 30 l', 14900, 12490),
  physical('JACKET-RAIN-M', 'Rain jacket, size M', 19900, 16990),
  physical('JACKET-RAIN-L', 'Rain jacket, size L', 19900, 16990),
  physical('SOCKS-MERINO-3', 'Merino socks, 3 pairs', 3490, 2790),
  physical('TENT-2P', 'Two-person tent', 44900, 37990),
  physical('TORCH-HEAD-300', 'Head torch, 300 lm', 3990, 3290),
  physical('STOVE-GAS', 'Camping gas stove', 5990, 4890),
  physical('BLANKET-WOOL', 'Wool blanket', 12900, 10490),
  physical('COFFEE-1KG', 'Coffee beans, 1 kg', 2890, 2190, 2.6),
  physical('CHOC-DARK-100', 'Dark chocolate, 100 g', 390, 290, 2.6),
  electronic('EBOOK-ALPS', 'E-book: Hiking the Alps', 1900, 1590),
  electronic('MAPS-1Y', 'Offline maps, one-year licence', 3900, 3290),
  electronic('COURSE-KNIFE', 'Video course: knife skills', 4900, 3990),
  // Released in a few months: orders wait in a pre-order delivery until then.
  { ...physical('WATCH-GPS-2', 'GPS watch, 2nd generation', 34900, 29990), availableFrom: inMonths(3) },
  // Sold out, but orders are still taken and wait for the next shipment.
  { ...physical('BAG-DOWN-0', 'Down sleeping bag, 0 °C', 29900, 24990), backorder: true, stock: { ZRH: 0, LEJ: 0 } },
]

export const preorderSku = 'WATCH-GPS-2'
export const backorderSku = 'BAG-DOWN-0'
export const electronicSkus = demoProducts.filter((p) => p.kind === 'electronic').map((p) => p.sku)
export const inStockSkus = demoProducts
  .filter((p) => p.kind === 'physical' && p.sku !== preorderSku && p.sku !== backorderSku)
  .map((p) => p.sku)
