import { readFileSync, readdirSync } from 'node:fs'
const dir = process.argv[2]
const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => `${dir}/${f}`).at(-1)
const p = JSON.parse(readFileSync(file))
const byId = new Map(p.nodes.map((n) => [n.id, n]))
const self = new Map()
const dt = p.timeDeltas; let total = 0
p.samples.forEach((id, i) => { self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)); total += dt[i] ?? 0 })
const cat = (n) => {
  const u = n.callFrame.url
  if (!u) return n.callFrame.functionName || '(native)'
  const m = u.match(/node_modules\/([^/]+(?:\/[^/]+)?)/)
  if (m) return m[1].startsWith('@') ? m[1] : m[1].split('/')[0]
  if (u.includes('/src/')) return 'ordo:' + u.split('/src/')[1].split('/')[0]
  if (u.startsWith('node:')) return u
  return u
}
const agg = new Map(); const fn = new Map()
for (const [id, t] of self) { const n = byId.get(id); const c = cat(n); agg.set(c, (agg.get(c) ?? 0) + t)
  const k = c + ' ' + n.callFrame.functionName; fn.set(k, (fn.get(k) ?? 0) + t) }
const show = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).forEach(([c, t]) => console.log((100 * t / total).toFixed(1).padStart(5), c))
console.log('total ms', (total / 1000).toFixed(0)); show(agg, 25); console.log('--- functions'); show(fn, 30)
