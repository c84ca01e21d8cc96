/** Customers: search, and one customer's contact data, flags and whole order history. */
import { useState, type FormEvent } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get, queryString } from '../api.ts'
import { dateTime } from '../format.ts'
import type { Customer, List, OrderPage } from '../types.ts'
import { useSession } from '../session.tsx'
import { Confirm, Field, QueryState } from '../ui.tsx'
import { OrdersTable } from '../orders/OrdersTable.tsx'

export function CustomerList() {
  const [params, setParams] = useSearchParams()
  const q = params.get('q') ?? ''
  const [text, setText] = useState(q)
  const list = useQuery({
    queryKey: ['customers', q], queryFn: () => get<List<Customer>>(`/customers${queryString({ q, limit: 100 })}`), placeholderData: keepPreviousData,
  })
  const submit = (e: FormEvent) => { e.preventDefault(); setParams(text ? { q: text } : {}) }
  return (
    <section aria-labelledby="customers-title">
      <div className="page-head"><h1 id="customers-title">Customers</h1></div>
      <form className="filters" role="search" onSubmit={submit} aria-label="Search customers">
        <label className="grow">Search<input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Name or e-mail" /></label>
        <button type="submit" className="primary">Search</button>
      </form>
      <QueryState pending={list.isPending} error={list.error} retry={() => list.refetch()} empty={list.data?.items.length === 0} emptyText="No customers match.">
        <div className="table-wrap">
          <table>
            <thead><tr><th>Name</th><th>E-mail</th><th>Phone</th><th>Shops</th><th>Flags</th></tr></thead>
            <tbody>
              {list.data?.items.map((c) => (
                <tr key={c.id}>
                  <td><Link to={`/customers/${c.id}`}>{c.name}</Link></td><td>{c.email}</td><td>{c.phone ?? '–'}</td>
                  <td>{c.shops.join(', ')}</td><td><Flags c={c} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {list.data?.items.length === 100 && <p className="muted small">Showing the first 100: search to narrow them down.</p>}
      </QueryState>
    </section>
  )
}

const Flags = ({ c }: { c: Customer }) => (
  <>
    {c.blocked && <span className="badge bad">Blocked</span>} {c.requiresApproval && <span className="badge warn">Needs approval</span>}
    {!c.blocked && !c.requiresApproval && <span className="muted">–</span>}
  </>
)

export function CustomerDetail() {
  const { id = '' } = useParams()
  const { can, locale } = useSession()
  const qc = useQueryClient()
  const customer = useQuery({ queryKey: ['customer', id], queryFn: () => get<Customer>(`/customers/${id}`) })
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  const cursor = cursors.at(-1) ?? null
  const path = `/customers/${id}/orders${queryString({ limit: 25, cursor })}`
  const orders = useQuery({ queryKey: ['customer-orders', path], queryFn: () => get<OrderPage>(path), placeholderData: keepPreviousData })
  // Blocking holds every new order of the customer: ask before changing it either way.
  const [blocking, setBlocking] = useState<boolean | null>(null)
  const flag = useMutation({
    mutationFn: (patch: Partial<Customer>) => api<Customer>('PATCH', `/customers/${id}`, patch),
    onSuccess: (c) => { qc.setQueryData(['customer', id], c); qc.invalidateQueries({ queryKey: ['customers'] }) },
  })
  return (
    <QueryState pending={customer.isPending} error={customer.error} retry={() => customer.refetch()}>
      {customer.data && (
        <article aria-labelledby="customer-title">
          <p className="crumbs"><Link to="/customers">Customers</Link> › {customer.data.name}</p>
          <div className="page-head"><h1 id="customer-title">{customer.data.name}</h1>{(customer.data.blocked || customer.data.requiresApproval) && <Flags c={customer.data} />}</div>
          <div className="cards">
            <section className="card">
              <h2>Contact</h2>
              <dl className="fields">
                <Field label="E-mail"><a href={`mailto:${customer.data.email}`}>{customer.data.email}</a></Field>
                <Field label="Phone">{customer.data.phone ?? '–'}</Field>
                <Field label="Shops">{customer.data.shops.join(', ') || '–'}</Field>
                <Field label="Customer since">{dateTime(customer.data.createdAt, locale(customer.data.shops[0]))}</Field>
              </dl>
            </section>
            <section className="card">
              <h2>Flags</h2>
              <label className="check"><input type="checkbox" checked={customer.data.requiresApproval} disabled={!can('customers.write') || flag.isPending}
                onChange={(e) => flag.mutate({ requiresApproval: e.target.checked })} /> Every order waits for approval</label>
              <label className="check"><input type="checkbox" checked={customer.data.blocked} disabled={!can('customers.write') || flag.isPending}
                onChange={(e) => setBlocking(e.target.checked)} /> Blocked: orders are held</label>
              {blocking !== null && (
                <Confirm title={blocking ? `Block ${customer.data.name}?` : `Unblock ${customer.data.name}?`} danger={blocking}
                  confirmLabel={blocking ? 'Block customer' : 'Unblock customer'}
                  text={blocking ? 'Every new order of this customer will be held until someone releases it.' : 'New orders of this customer will no longer be held for being blocked.'}
                  onConfirm={() => { flag.mutate({ blocked: blocking }); setBlocking(null) }} onCancel={() => setBlocking(null)} />
              )}
              {flag.isError && <p className="error" role="alert">{flag.error.message}</p>}
            </section>
          </div>
          <h2>Orders</h2>
          <QueryState pending={orders.isPending} error={orders.error} retry={() => orders.refetch()} empty={orders.data?.items.length === 0} emptyText="No orders yet.">
            <OrdersTable items={orders.data?.items ?? []} showCustomer={false} />
            <nav className="pager" aria-label="Pages">
              <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>Previous</button>
              <button type="button" disabled={!orders.data?.nextCursor} onClick={() => setCursors([...cursors, orders.data!.nextCursor])}>Next</button>
            </nav>
          </QueryState>
        </article>
      )}
    </QueryState>
  )
}
