/** Stock per article and warehouse: on hand, reserved, available; staff who count it set on hand. */
import { useState, type FormEvent } from 'react'
import { useSearchParams } from 'react-router'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get } from '../api.ts'
import type { List, Product, Stock, Warehouse } from '../types.ts'
import { useSession } from '../session.tsx'
import { QueryState } from '../ui.tsx'

export function StockPage() {
  const [params, setParams] = useSearchParams()
  const sku = params.get('sku') ?? ''
  const [filter, setFilter] = useState('')
  const products = useQuery({ queryKey: ['products'], queryFn: () => get<List<Product>>('/products'), staleTime: 60_000 })
  const shown = (products.data?.items ?? []).filter((p) => !filter || `${p.sku} ${p.name}`.toLowerCase().includes(filter.toLowerCase()))
  return (
    <section aria-labelledby="stock-title">
      <div className="page-head"><h1 id="stock-title">Stock</h1></div>
      <div className="split">
        <nav className="card product-list" aria-label="Articles">
          <label>Find an article<input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="SKU or name" /></label>
          <QueryState pending={products.isPending} error={products.error} empty={shown.length === 0} emptyText="No articles match.">
            <ul>
              {shown.map((p) => (
                <li key={p.sku}>
                  <button type="button" className={p.sku === sku ? 'link current' : 'link'} aria-current={p.sku === sku ? 'true' : undefined}
                    onClick={() => setParams({ sku: p.sku })}>
                    <span className="sku">{p.sku}</span> <span className="muted small">{p.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          </QueryState>
        </nav>
        {sku ? <StockOf sku={sku} name={products.data?.items.find((p) => p.sku === sku)?.name} /> : <p className="state">Pick an article to see its stock.</p>}
      </div>
    </section>
  )
}

function StockOf({ sku, name }: { sku: string; name?: string }) {
  const { can } = useSession()
  const stock = useQuery({ queryKey: ['stock', sku], queryFn: () => get<Stock>(`/stock/${encodeURIComponent(sku)}`) })
  const warehouses = useQuery({ queryKey: ['warehouses'], queryFn: () => get<List<Warehouse>>('/warehouses'), staleTime: 60_000 })
  const levels = (warehouses.data?.items ?? []).map((w) => ({
    warehouse: w, level: stock.data?.levels.find((l) => l.warehouse === w.code) ?? { onHand: 0, reserved: 0, available: 0 },
  }))
  return (
    <section className="card grow" aria-labelledby="stock-of">
      <h2 id="stock-of">{sku}{name && <span className="muted"> · {name}</span>}</h2>
      <QueryState pending={stock.isPending || warehouses.isPending} error={stock.error ?? warehouses.error} retry={() => stock.refetch()}
        empty={levels.length === 0} emptyText="There are no warehouses yet.">
        <table>
          <thead><tr><th>Warehouse</th><th className="num">On hand</th><th className="num">Reserved</th><th className="num">Available</th>{can('stock.write') && <th>Set on hand</th>}</tr></thead>
          <tbody>
            {levels.map(({ warehouse, level }) => (
              <tr key={warehouse.code}>
                <td>{warehouse.name} <span className="muted small">({warehouse.code})</span></td>
                <td className="num">{level.onHand}</td><td className="num">{level.reserved}</td><td className="num">{level.available}</td>
                {can('stock.write') && <td><SetOnHand sku={sku} warehouse={warehouse.code} current={level.onHand} min={level.reserved} /></td>}
              </tr>
            ))}
          </tbody>
          {stock.data && (
            <tfoot><tr><th>All warehouses</th><td className="num">{stock.data.onHand}</td><td className="num">{stock.data.reserved}</td><td className="num">{stock.data.available}</td>{can('stock.write') && <td />}</tr></tfoot>
          )}
        </table>
      </QueryState>
    </section>
  )
}

function SetOnHand({ sku, warehouse, current, min }: { sku: string; warehouse: string; current: number; min: number }) {
  const qc = useQueryClient()
  const [value, setValue] = useState(String(current))
  const save = useMutation({
    mutationFn: () => api('PUT', `/warehouses/${warehouse}/stock/${encodeURIComponent(sku)}`, { onHand: Number(value) }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['stock', sku] }),
  })
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate() }
  return (
    <form className="inline-form" onSubmit={submit}>
      <input type="number" min={0} value={value} onChange={(e) => setValue(e.target.value)} aria-label={`On hand in ${warehouse}`} className="amount" />
      <button type="submit" disabled={save.isPending || value === '' || Number(value) === current}>Set</button>
      {Number(value) < min && <span className="muted small"> below the {min} reserved</span>}
      {save.isError && <span className="error small" role="alert"> {save.error.message}</span>}
      {save.isSuccess && Number(value) === current && <span className="muted small" role="status"> saved</span>}
    </form>
  )
}
