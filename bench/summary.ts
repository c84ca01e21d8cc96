/**
 * Writes the results section of bench/README.md from bench/results/*.json:
 *   node bench/summary.ts > bench/results.md
 */
import { readdirSync, readFileSync } from 'node:fs'

const dir = new URL('./results/', import.meta.url).pathname
const order = ['placement', 'scarce-stock', 'gateway-latency', 'lifecycle', 'search', 'export', 'embedded', 'export-memory', 'mail']
const files = readdirSync(dir).filter((f) => f.endsWith('.json'))
  .sort((a, b) => (order.indexOf(a.replace('.json', '')) + 1 || 99) - (order.indexOf(b.replace('.json', '')) + 1 || 99))

const cell = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))
for (const file of files) {
  const r = JSON.parse(readFileSync(`${dir}${file}`, 'utf8'))
  const columns = [...new Set(r.rows.flatMap((row: Record<string, unknown>) => Object.keys(row)))] as string[]
  console.log(`### ${r.name}\n\n\`${r.command}\` — ${r.at.slice(0, 16).replace('T', ' ')} UTC\n`)
  console.log(`| ${columns.join(' | ')} |\n| ${columns.map(() => '---').join(' | ')} |`)
  for (const row of r.rows) console.log(`| ${columns.map((c) => cell(row[c])).join(' | ')} |`)
  const extras = Object.entries(r).filter(([k]) => !['name', 'command', 'at', 'machine', 'rows'].includes(k))
  if (extras.length) console.log(`\n${extras.map(([k, v]) => `${k}: ${cell(v)}`).join('; ')}`)
  const m = r.machine
  console.log(`\nMachine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}${m.postgres ? `, PostgreSQL ${m.postgres.server_version} (shared_buffers ${m.postgres.shared_buffers}, synchronous_commit ${m.postgres.synchronous_commit}, fsync ${m.postgres.fsync})` : ', PGlite'}\n`)
}
