/** Finding a customer (or taking a new one's details) and finding a product, for the new order screen. */
import { useState, type FormEvent } from 'react'
import { useQuery } from '@tanstack/react-query'
import { get, queryString } from '../api.ts'
import type { Customer, List } from '../types.ts'
import { Money, QueryState } from '../ui.tsx'
import type { CatalogueItem, CustomerRef } from './types.ts'

export function CustomerPicker({ label, onPick }: { label: string; onPick: (c: CustomerRef) => void }) {
  const [text, setText] = useState('')
  const [q, setQ] = useState('')
  const [adding, setAdding] = useState(false)
  const found = useQuery({
    queryKey: ['customers', q], enabled: q.length > 0,
    queryFn: () => get<List<Customer>>(`/customers${queryString({ q, limit: 10 })}`),
  })
  const submit = (e: FormEvent) => { e.preventDefault(); setQ(text.trim()) }
  return (
    <div className="stack">
      <form className="row" role="search" aria-label="Find a customer" onSubmit={submit}>
        <label className="grow">{label}<input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Name or e-mail" /></label>
        <button type="submit">Search</button>
        <button type="button" onClick={() => setAdding(!adding)} aria-expanded={adding}>New customer</button>
      </form>
      {q && (
        <QueryState pending={found.isPending} error={found.error} empty={found.data?.items.length === 0} emptyText="No customer matches: add a new one.">
          <ul className="picker" aria-label="Customers found">
            {found.data?.items.map((c) => (
              <li key={c.id}><span><strong>{c.name}</strong> · {c.email}</span>
                <button type="button" className="small" onClick={() => { onPick({ id: c.id }); setQ(''); setText('') }}>Choose {c.name}</button></li>
            ))}
          </ul>
        </QueryState>
      )}
      {adding && <NewCustomer onDone={(c) => { onPick(c); setAdding(false) }} />}
    </div>
  )
}

function NewCustomer({ onDone }: { onDone: (c: CustomerRef) => void }) {
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [phone, setPhone] = useState('')
  const submit = (e: FormEvent) => { e.preventDefault(); onDone({ name, email, ...(phone && { phone }) }) }
  return (
    <form className="row" aria-label="New customer" onSubmit={submit}>
      <label>Name<input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} /></label>
      <label>E-mail<input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required maxLength={254} /></label>
      <label>Phone<input value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={40} /></label>
      <button type="submit" className="primary">Use this customer</button>
    </form>
  )
}

export function ProductPicker({ shop, locale, currency, onPick }: { shop: string; locale: string; currency: string; onPick: (sku: string) => void }) {
  const [text, setText] = useState('')
  const [q, setQ] = useState<string | null>(null)
  const found = useQuery({
    queryKey: ['catalogue', shop, q], enabled: q !== null,
    queryFn: () => get<List<CatalogueItem>>(`/drafts/catalogue${queryString({ shop, q: q ?? '' })}`),
  })
  const submit = (e: FormEvent) => { e.preventDefault(); setQ(text.trim()) }
  return (
    <div className="stack">
      <form className="row" role="search" aria-label="Find a product" onSubmit={submit}>
        <label className="grow">Add a product<input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="SKU or name" /></label>
        <button type="submit">Search</button>
      </form>
      {q !== null && (
        <QueryState pending={found.isPending} error={found.error} empty={found.data?.items.length === 0} emptyText="No product matches.">
          <ul className="picker" aria-label="Products found">
            {found.data?.items.map((p) => (
              <li key={p.sku}>
                <span><strong>{p.name}</strong> <span className="muted">{p.sku}</span></span>
                <span><Money amount={p.price} currency={currency} locale={locale} /> · {p.kind === 'physical' ? `${p.available} free` : 'electronic'}</span>
                <button type="button" className="small" onClick={() => onPick(p.sku)}>Add {p.sku}</button>
              </li>
            ))}
          </ul>
        </QueryState>
      )}
    </div>
  )
}
