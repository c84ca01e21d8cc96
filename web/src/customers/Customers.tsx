/** Customers: a paged search, and one customer's contact data, flags (with a reason), tags, notes, history, orders. */
import { useState, type FormEvent } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { get, queryString } from '../api.ts'
import { money } from '../format.ts'
import type { Customer } from '../types.ts'
import { useSession } from '../session.tsx'
import { QueryState } from '../ui.tsx'
import { CustomerDetailPage } from './CustomerDetail.tsx'

interface CustomerPage { items: Customer[]; nextCursor: string | null; count: number | null; countIsExact: boolean }

export function CustomerList() {
  const [params, setParams] = useSearchParams()
  const { locale } = useSession()
  const q = params.get('q') ?? ''
  const tag = params.get('tag') ?? ''
  const flag = params.get('flag') ?? ''
  const [text, setText] = useState(q)
  const [tagText, setTagText] = useState(tag)
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  const cursor = cursors.at(-1) ?? null
  const path = `/customers${queryString({ q, tag, blocked: flag === 'blocked' ? 'true' : undefined, requiresApproval: flag === 'approval' ? 'true' : undefined, limit: 50, cursor })}`
  const list = useQuery({ queryKey: ['customers', path], queryFn: () => get<CustomerPage>(path), placeholderData: keepPreviousData })
  const [count, setCount] = useState<CustomerPage | null>(null)
  if (list.data && cursor === null && list.data !== count && !list.isPlaceholderData) setCount(list.data)
  const update = (changes: Record<string, string>) => {
    setCursors([null])
    setParams((p) => { const n = new URLSearchParams(p); for (const [k, v] of Object.entries(changes)) { if (v) n.set(k, v); else n.delete(k) } return n })
  }
  const submit = (e: FormEvent) => { e.preventDefault(); update({ q: text, tag: tagText }) }
  return (
    <section aria-labelledby="customers-title">
      <div className="page-head"><h1 id="customers-title">Customers</h1></div>
      <form className="filters" role="search" onSubmit={submit} aria-label="Search customers">
        <label className="grow">Search<input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Name, e-mail or phone (or part)" /></label>
        <label>Tag<input value={tagText} onChange={(e) => setTagText(e.target.value)} size={12} /></label>
        <label>Flags
          <select value={flag} onChange={(e) => update({ flag: e.target.value })}>
            <option value="">Any</option><option value="blocked">Blocked</option><option value="approval">Needs approval</option>
          </select>
        </label>
        <button type="submit" className="primary">Search</button>
      </form>
      <QueryState pending={list.isPending} error={list.error} retry={() => list.refetch()} empty={list.data?.items.length === 0} emptyText="No customers match.">
        <div className="table-wrap">
          <table>
            <thead><tr><th>Name</th><th>E-mail</th><th>Phone</th><th>Tags</th><th className="num">Orders</th><th className="num">Lifetime value</th><th>Flags</th></tr></thead>
            <tbody>
              {list.data?.items.map((c) => (
                <tr key={c.id}>
                  <td><Link to={`/customers/${c.id}`}>{c.name}</Link></td><td>{c.email}</td><td>{c.phone ?? '–'}</td>
                  <td>{c.tags?.map((t) => <span key={t} className="badge">{t}</span>)}</td>
                  <td className="num">{c.orderCount ?? 0}</td>
                  <td className="num">{c.lifetimeValue?.length ? c.lifetimeValue.map((v) => money(v.amount, v.currency, locale(c.shops[0]))).join(' · ') : '–'}</td>
                  <td><Flags c={c} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
      <nav className="pager" aria-label="Pages">
        {count && count.count !== null && <span className="muted" role="status">{count.countIsExact ? `${count.count.toLocaleString()} customers` : `more than ${count.count.toLocaleString()} customers`}</span>}
        <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</button>
        <button type="button" disabled={!list.data?.nextCursor || list.isPlaceholderData} onClick={() => setCursors([...cursors, list.data!.nextCursor])}>Next</button>
      </nav>
    </section>
  )
}

export const Flags = ({ c }: { c: Customer }) => (
  <>
    {c.erasedAt && <span className="badge">Erased</span>}
    {c.blocked && <span className="badge bad">Blocked</span>} {c.requiresApproval && <span className="badge warn">Needs approval</span>}
    {!c.blocked && !c.requiresApproval && !c.erasedAt && <span className="muted">–</span>}
  </>
)

export function CustomerDetail() {
  const { id = '' } = useParams()
  return <CustomerDetailPage key={id} id={id} />
}
