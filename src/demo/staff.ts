/**
 * One demo login per built-in role, plus a call-centre agent who sees only the Swiss
 * shop, made through the API like the rest of the demo data. The README lists them.
 */
import type { DemoClient } from './client.ts'

export const DEMO_PASSWORD = 'ordo-demo-2026'

export const demoStaff = [
  { email: 'admin@demo.ordo', name: 'Ada Admin', role: 'administrator' },
  { email: 'callcentre@demo.ordo', name: 'Carl Callcentre', role: 'call_centre' },
  { email: 'fulfilment@demo.ordo', name: 'Fiona Fulfilment', role: 'fulfilment' },
  { email: 'logistics@demo.ordo', name: 'Leo Logistics', role: 'logistics' },
  { email: 'finance@demo.ordo', name: 'Fatima Finance', role: 'finance' },
  { email: 'readonly@demo.ordo', name: 'Rolf Readonly', role: 'read_only' },
  { email: 'callcentre.ch@demo.ordo', name: 'Chiara Swiss Desk', role: 'call_centre', shops: ['ch'] },
]

export async function createDemoStaff(api: DemoClient): Promise<void> {
  for (const person of demoStaff) await api.send('POST', '/users', { ...person, password: DEMO_PASSWORD })
}
