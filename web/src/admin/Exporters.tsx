/** The export pipeline: exporters per shop and export state, where each sends its orders. */
import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get, post } from '../api.ts'
import type { List } from '../types.ts'
import { useSession } from '../session.tsx'
import { Confirm, QueryState } from '../ui.tsx'

interface Exporter { id: string; shop: string; name: string; state: string; kind: string; format: string; target: string; nextState: string | null; position: number; active: boolean }
const states = ['INITPAID', 'DELIVERY', 'CANCELLED', 'RETURNED']
const stateWords: Record<string, string> = { INITPAID: 'Paid', DELIVERY: 'Shipped', CANCELLED: 'Cancelled', RETURNED: 'Returned' }

export function ExportersPage() {
  const { shops } = useSession()
  const qc = useQueryClient()
  const list = useQuery({ queryKey: ['exporters'], queryFn: () => get<List<Exporter>>('/exporters') })
  const [form, setForm] = useState({ shop: shops[0]?.code ?? '', name: '', state: 'INITPAID', kind: 'file', format: 'csv', target: '' })
  const [removing, setRemoving] = useState<Exporter | null>(null)
  const refresh = () => qc.invalidateQueries({ queryKey: ['exporters'] })
  const create = useMutation({ mutationFn: () => post('/exporters', form), onSuccess: () => { setForm({ ...form, name: '', target: '' }); refresh() } })
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE', `/exporters/${id}`), onSettled: refresh })
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate() }
  const sel = (k: keyof typeof form, options: string[], label: (o: string) => string = (o) => o) =>
    <select value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })}>{options.map((o) => <option key={o} value={o}>{label(o)}</option>)}</select>
  return (
    <section aria-labelledby="exporters-title">
      <div className="page-head"><h1 id="exporters-title">Exporters</h1></div>
      <form className="filters" onSubmit={submit} aria-label="New exporter">
        <label>Shop{sel('shop', shops.map((s) => s.code))}</label>
        <label>Name<input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label>When the order is{sel('state', states, (s) => stateWords[s])}</label>
        <label>Send to{sel('kind', ['file', 'http'], (k) => (k === 'file' ? 'a folder' : 'a URL'))}</label>
        <label>Format{sel('format', ['csv', 'xml', 'json'], (f) => f.toUpperCase())}</label>
        <label className="grow">{form.kind === 'file' ? 'Folder (below the export folder)' : 'URL'}<input required value={form.target} onChange={(e) => setForm({ ...form, target: e.target.value })} /></label>
        <button type="submit" className="primary" disabled={create.isPending}>Add exporter</button>
        {create.isError && <p className="error" role="alert">{create.error.message}</p>}
      </form>
      <QueryState pending={list.isPending} error={list.error} retry={() => list.refetch()} empty={list.data?.items.length === 0} emptyText="No exporters: orders are exported only on demand.">
        <div className="table-wrap">
          <table>
            <thead><tr><th>Shop</th><th>Name</th><th>When</th><th>Format</th><th>Target</th><th>State</th><th></th></tr></thead>
            <tbody>
              {list.data?.items.map((x) => (
                <tr key={x.id}>
                  <td data-label="Shop">{x.shop}</td><td data-label="Name">{x.name}</td><td data-label="When">{stateWords[x.state] ?? x.state}{x.nextState && ` → ${stateWords[x.nextState] ?? x.nextState}`}</td>
                  <td data-label="Format">{x.format.toUpperCase()} to {x.kind === 'file' ? 'folder' : 'URL'}</td><td data-label="Target"><code>{x.target}</code></td>
                  <td data-label="State">{x.active ? <span className="badge ok">On</span> : <span className="badge muted">Off</span>}</td>
                  <td><button type="button" className="small danger" onClick={() => setRemoving(x)}>Remove</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
      {removing && <Confirm danger title={`Remove “${removing.name}”?`} confirmLabel="Remove exporter" text="Orders reaching its state are no longer sent there."
        onConfirm={() => { remove.mutate(removing.id); setRemoving(null) }} onCancel={() => setRemoving(null)} />}
    </section>
  )
}
