/** A postal address, edited in place. */
import { useState, type FormEvent } from 'react'
import type { Address } from '../types.ts'

export function AddressForm({ initial, fallbackName, onSave, saving, label = 'Save address' }: {
  initial: Address | null; fallbackName?: string; onSave: (a: Address) => void; saving?: boolean; label?: string
}) {
  const [a, setA] = useState<Address>(initial ?? { name: fallbackName ?? '', street: '', postalCode: '', city: '', country: 'CH' })
  const set = (k: keyof Address) => (e: { target: { value: string } }) => setA({ ...a, [k]: e.target.value })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const clean = Object.fromEntries(Object.entries(a).filter(([, v]) => v !== '' && v !== undefined)) as unknown as Address
    onSave({ ...clean, country: a.country.toUpperCase() })
  }
  return (
    <form className="stack" onSubmit={submit} aria-label="Address">
      <div className="row">
        <label>Name<input value={a.name} onChange={set('name')} required maxLength={200} /></label>
        <label>Company<input value={a.company ?? ''} onChange={set('company')} maxLength={200} /></label>
      </div>
      <div className="row">
        <label>Street<input value={a.street} onChange={set('street')} required maxLength={200} /></label>
        <label>Postal code<input value={a.postalCode} onChange={set('postalCode')} required maxLength={20} /></label>
        <label>City<input value={a.city} onChange={set('city')} required maxLength={100} /></label>
        <label>Country<input value={a.country} onChange={set('country')} required pattern="[A-Za-z]{2}" maxLength={2} /></label>
      </div>
      <div><button type="submit" disabled={saving}>{label}</button></div>
    </form>
  )
}
