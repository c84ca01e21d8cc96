/** Runs an operation from N concurrent clients for a while and measures throughput and latency. */

export interface LoadResult {
  clients: number
  operations: number
  failures: number
  seconds: number
  perSecond: number
  p50ms: number
  p95ms: number
  p99ms: number
}

/** `operation` returns false for an expected refusal (counted as a failure, not an error). */
export async function runLoad(clients: number, seconds: number, operation: (client: number) => Promise<boolean>): Promise<LoadResult> {
  const latencies: number[] = []
  let failures = 0
  const started = performance.now()
  const until = started + seconds * 1000
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    while (performance.now() < until) {
      const t = performance.now()
      const ok = await operation(client)
      latencies.push(performance.now() - t)
      if (!ok) failures++
    }
  }))
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const at = (q: number) => round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0)
  return {
    clients, operations: latencies.length, failures, seconds: round(elapsed),
    perSecond: round(latencies.length / elapsed), p50ms: at(0.5), p95ms: at(0.95), p99ms: at(0.99),
  }
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits

/**
 * Latency percentiles of running `operation` `times` times in a row, after one untimed run:
 * the first touch of an index read from disk (250 ms for a SKU search on a million orders)
 * is the page cache's cost, not the query's, and would otherwise fall on whichever side of a
 * comparison runs first.
 */
export async function timeRepeated(times: number, operation: () => Promise<unknown>) {
  await operation()
  const latencies: number[] = []
  for (let i = 0; i < times; i++) {
    const t = performance.now()
    await operation()
    latencies.push(performance.now() - t)
  }
  latencies.sort((a, b) => a - b)
  return { p50ms: round(latencies[Math.floor(times * 0.5)]), p95ms: round(latencies[Math.min(times - 1, Math.floor(times * 0.95))]) }
}
