/**
 * Keeps `ordo export`'s JavaScript heap near what it holds. XML and JSON Lines build each
 * order's whole shape, and each batch of orders is garbage once written; V8 lets that
 * garbage pile up well past the live heap before it collects (on PGlite, 10,000 orders:
 * 155-159 MiB for the process with 22 MiB of it live). A full collection after each batch
 * read (`orders`, the batch size of streamOrders) keeps the process at 136-141 MiB, for
 * about 15 % more CPU. Collecting only once the heap had grown 4-12 MiB past what the last
 * collection left kept it higher (140-157 MiB): V8 holds on to the pages it grew.
 *
 * Needs Node started with `--expose-gc`, as `bin/ordo.js` starts the export; without it
 * (a server answering GET /orders/export, a test) it does nothing.
 */
export function collectEvery(orders: number, gc = (globalThis as { gc?: () => void }).gc): () => void {
  if (!gc) return () => {}
  let n = 0
  return () => {
    if (++n % orders === 0) gc()
  }
}
