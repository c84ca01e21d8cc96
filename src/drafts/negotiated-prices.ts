/** Prices agreed with the customer (draft overrides, quote prices) replace the catalogue's at placement. */
import type { CatalogueLine } from '../orders/order-lines.ts'

export interface PlacementExtras {
  /** Per line, by position: the unit price to charge instead of the catalogue's. */
  unitPrices?: (number | undefined)[]
}

export function applyUnitPrices(lines: CatalogueLine[], extras: PlacementExtras | undefined): void {
  extras?.unitPrices?.forEach((price, i) => { if (price !== undefined && lines[i]) lines[i].unitPrice = price })
}
