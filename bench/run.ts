/**
 * Runs the benchmarks in turn (`npm run bench`, or `npm run bench -- placement search`).
 * Each prints its table and writes bench/results/<name>.json. They need PostgreSQL at
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), except embedded.
 */
import { spawnSync } from 'node:child_process'

const all: Record<string, string[]> = {
  placement: ['bench/placement.ts'],
  'scarce-stock': ['bench/scarce-stock.ts'],
  lifecycle: ['bench/lifecycle.ts'],
  search: ['bench/search.ts'],
  analytics: ['bench/analytics.ts'],
  export: ['bench/export.ts'],
  'export-memory': ['bench/export-memory.ts'],
  embedded: ['bench/embedded.ts'],
  'gateway-latency': ['bench/gateway-latency.ts'],
  'ship-capture': ['bench/ship-capture.ts'],
  mail: ['bench/mail.ts'],
  'lock-waits': ['bench/lock-waits.ts'],
}
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(all)
let failed = 0
for (const name of chosen) {
  if (!all[name]) { console.error(`no benchmark "${name}"; there are: ${Object.keys(all).join(', ')}`); process.exit(2) }
  const run = spawnSync(process.execPath, all[name], { stdio: 'inherit' })
  if (run.status !== 0) { failed++; console.error(`${name} failed (exit ${run.status})`) }
}
process.exit(failed ? 1 : 0)
