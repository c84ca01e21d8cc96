/** Discount codes per shop: what they give, their limits and how often they were used; create and switch off. */
import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get, post } from '../api.ts'
import { date, fractionDigits, money } from '../format.ts'
import type { List } from '../types.ts'
import { useSession } from '../session.tsx'
import { QueryState } from '../ui.tsx'

interface Discount {
  id: string; shop: string; code: string; kind: 'percent' | 'amount' | 'free_shipping'; value: number; minTotal: number | null
  validFrom: string | null; validTo: string | null; usageLimit: number | null; perCustomerLimit: number | null; usedCount: number; active: boolean
}

export function Discounts() {
  const { can, shop, locale } = useSession()
  const qc = useQueryClient()
  const list = useQuery({ queryKey: ['discounts'], queryFn: () => get<List<Discount>>('/discounts') })
  const toggle = useMutation({
    mutationFn: (d: Discount) => api<Discount>('PATCH', `/discounts/${d.id}`, { active: !d.active }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['discounts'] }),
  })
  const gives = (d: Discount) => {
    const cur = shop(d.shop)?.currency ?? 'CHF'
    return d.kind === 'percent' ? `${d.value.toLocaleString(locale(d.shop))} % off` : d.kind === 'amount' ? `${money(d.value, cur, locale(d.shop))} off` : 'Free shipping'
  }
  return (
    <>
      {can('discounts.manage') && <NewDiscount />}
      <QueryState pending={list.isPending} error={list.error} retry={() => list.refetch()} empty={list.data?.items.length === 0} emptyText="No discount codes yet.">
        <div className="table-wrap">
          <table>
            <caption>Discount codes</caption>
            <thead><tr><th>Code</th><th>Shop</th><th>Gives</th><th className="num">Minimum</th><th>Valid</th><th className="num">Used</th><th className="num">Per customer</th><th>State</th><th /></tr></thead>
            <tbody>
              {list.data?.items.map((d) => (
                <tr key={d.id} className={d.active ? undefined : 'cancelled'}>
                  <td><code>{d.code}</code></td><td>{d.shop}</td><td>{gives(d)}</td>
                  <td className="num">{d.minTotal === null ? '–' : money(d.minTotal, shop(d.shop)?.currency ?? 'CHF', locale(d.shop))}</td>
                  <td>{d.validFrom || d.validTo ? `${date(d.validFrom, locale(d.shop))} – ${date(d.validTo, locale(d.shop))}` : 'always'}</td>
                  <td className="num">{d.usedCount}{d.usageLimit !== null && ` of ${d.usageLimit}`}</td>
                  <td className="num">{d.perCustomerLimit ?? '–'}</td>
                  <td>{d.active ? 'active' : 'switched off'}</td>
                  <td>{can('discounts.manage') && <button type="button" onClick={() => toggle.mutate(d)} disabled={toggle.isPending}>{d.active ? 'Switch off' : 'Switch on'}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
      {toggle.isError && <p className="error" role="alert">{toggle.error.message}</p>}
    </>
  )
}

function NewDiscount() {
  const { shops } = useSession()
  const qc = useQueryClient()
  const [f, setF] = useState({ shop: shops[0]?.code ?? '', code: '', kind: 'percent', value: '10', minTotal: '', validFrom: '', validTo: '', usageLimit: '', perCustomerLimit: '' })
  const currency = shops.find((s) => s.code === f.shop)?.currency ?? 'CHF'
  const digits = fractionDigits(currency)
  const create = useMutation({
    mutationFn: () => post<Discount>('/discounts', {
      shop: f.shop, code: f.code.trim(), kind: f.kind,
      ...(f.kind === 'percent' && { value: Number(f.value) }),
      ...(f.kind === 'amount' && { value: Math.round(Number(f.value) * 10 ** digits) }),
      ...(f.minTotal && { minTotal: Math.round(Number(f.minTotal) * 10 ** digits) }),
      ...(f.validFrom && { validFrom: new Date(`${f.validFrom}T00:00:00`).toISOString() }),
      ...(f.validTo && { validTo: new Date(`${f.validTo}T23:59:59`).toISOString() }),
      ...(f.usageLimit && { usageLimit: Number(f.usageLimit) }),
      ...(f.perCustomerLimit && { perCustomerLimit: Number(f.perCustomerLimit) }),
    }),
    onSuccess: () => { setF({ ...f, code: '' }); qc.invalidateQueries({ queryKey: ['discounts'] }) },
  })
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value })
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate() }
  return (
    <form className="card" onSubmit={submit} aria-label="New discount code">
      <h2>New discount code</h2>
      <div className="row">
        <label>Shop<select value={f.shop} onChange={set('shop')}>{shops.map((s) => <option key={s.code} value={s.code}>{s.code}</option>)}</select></label>
        <label>Code<input value={f.code} onChange={set('code')} required pattern="[A-Za-z0-9][A-Za-z0-9_\-]{0,39}" /></label>
        <label>Kind
          <select value={f.kind} onChange={set('kind')}>
            <option value="percent">percent off the goods</option>
            <option value="amount">amount off the goods</option>
            <option value="free_shipping">free shipping</option>
          </select>
        </label>
        {f.kind !== 'free_shipping' && <label>{f.kind === 'percent' ? 'Percent' : `Amount (${currency})`}<input type="number" min={0} step="any" value={f.value} onChange={set('value')} required /></label>}
      </div>
      <div className="row">
        <label>Minimum goods ({currency})<input type="number" min={0} step="any" value={f.minTotal} onChange={set('minTotal')} /></label>
        <label>Valid from<input type="date" value={f.validFrom} onChange={set('validFrom')} /></label>
        <label>Valid to<input type="date" value={f.validTo} onChange={set('validTo')} /></label>
        <label>Usage limit<input type="number" min={0} value={f.usageLimit} onChange={set('usageLimit')} /></label>
        <label>Per customer<input type="number" min={0} value={f.perCustomerLimit} onChange={set('perCustomerLimit')} /></label>
      </div>
      {create.isError && <p className="error" role="alert">{create.error.message}</p>}
      {create.isSuccess && <p className="notice" role="status">Code {create.data.code} created.</p>}
      <button type="submit" className="primary" disabled={create.isPending}>Create code</button>
    </form>
  )
}
