/** A shop's billing settings (legal name, address, VAT id, bank, logo, language, time zone, terms, reminders) and its tax rates. */
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get } from '../api.ts'
import { fractionDigits } from '../format.ts'
import type { List } from '../types.ts'
import { useSession } from '../session.tsx'
import { QueryState } from '../ui.tsx'

interface Address { name: string; street: string; postalCode: string; city: string; country: string }
interface Profile {
  shop: string; legalName: string | null; address: Address | null; vatId: string | null; iban: string | null; bic: string | null
  email: string | null; logo: string | null; locale: string; timeZone: string; paymentTermsDays: number
  invoiceAt: 'placement' | 'payment' | 'shipment'; creditNotePrefix: string; reminder1Days: number; reminder2Days: number; reminderFee: number
}
interface TaxRate { country: string; taxClass: string; rate: number }

export function BillingSettings() {
  const { shops } = useSession()
  const [code, setCode] = useState(shops[0]?.code ?? '')
  if (shops.length === 0) return <p className="state">No shops yet.</p>
  return (
    <>
      <label className="inline">Shop{' '}
        <select value={code} onChange={(e) => setCode(e.target.value)}>
          {shops.map((s) => <option key={s.code} value={s.code}>{s.name} ({s.code})</option>)}
        </select>
      </label>
      <div className="cards shops">
        <ProfileForm key={`p-${code}`} code={code} />
        <TaxRates key={`t-${code}`} code={code} />
      </div>
    </>
  )
}

const emptyAddress: Address = { name: '', street: '', postalCode: '', city: '', country: 'CH' }

function ProfileForm({ code }: { code: string }) {
  const { can, shop } = useSession()
  const qc = useQueryClient()
  const editable = can('shops.write')
  const currency = shop(code)?.currency ?? 'CHF'
  const digits = fractionDigits(currency)
  const profile = useQuery({ queryKey: ['billing', code], queryFn: () => get<Profile>(`/shops/${code}/billing`) })
  const [p, setP] = useState<Profile | null>(null)
  const [fee, setFee] = useState('0')
  useEffect(() => { if (profile.data) { setP(profile.data); setFee(String(profile.data.reminderFee / 10 ** digits)) } }, [profile.data, digits])
  const save = useMutation({
    mutationFn: (body: Partial<Profile>) => api<Profile>('PATCH', `/shops/${code}/billing`, body),
    onSuccess: (data) => qc.setQueryData(['billing', code], data),
  })
  if (!p) return <QueryState pending={profile.isPending} error={profile.error}><span /></QueryState>
  const set = (k: keyof Profile) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setP({ ...p, [k]: e.target.value })
  const addr = p.address ?? emptyAddress
  const setAddr = (k: keyof Address) => (e: ChangeEvent<HTMLInputElement>) => setP({ ...p, address: { ...addr, [k]: e.target.value } })
  const onLogo = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    if (!file) return
    const reader = new FileReader()
    reader.onload = () => setP({ ...p, logo: String(reader.result) })
    reader.readAsDataURL(file)
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const orNull = (s: string | null) => (s && s.trim() ? s.trim() : null)
    const hasAddress = addr.name.trim() && addr.street.trim() && addr.city.trim()
    save.mutate({
      legalName: orNull(p.legalName), vatId: orNull(p.vatId), iban: orNull(p.iban)?.toUpperCase() ?? null, bic: orNull(p.bic)?.toUpperCase() ?? null,
      email: orNull(p.email), logo: p.logo, locale: p.locale, timeZone: p.timeZone, address: hasAddress ? addr : null,
      paymentTermsDays: Number(p.paymentTermsDays), invoiceAt: p.invoiceAt, creditNotePrefix: p.creditNotePrefix,
      reminder1Days: Number(p.reminder1Days), reminder2Days: Number(p.reminder2Days), reminderFee: Math.round(Number(fee) * 10 ** digits),
    })
  }
  const field = (label: string, k: 'legalName' | 'vatId' | 'iban' | 'bic' | 'email' | 'creditNotePrefix' | 'locale' | 'timeZone', hint?: string) => (
    <label>{label}<input value={p[k] ?? ''} onChange={set(k)} disabled={!editable} placeholder={hint} /></label>
  )
  const num = (label: string, k: 'paymentTermsDays' | 'reminder1Days' | 'reminder2Days') => (
    <label>{label}<input type="number" min={0} max={365} value={p[k]} onChange={set(k)} disabled={!editable} /></label>
  )
  return (
    <form className="card shop" onSubmit={submit} aria-label="Billing settings">
      <h2>Billing settings</h2>
      <fieldset>
        <legend>Who issues the documents</legend>
        {field('Legal name', 'legalName', 'Muster AG')}
        <div className="row">
          <label>Street<input value={addr.street} onChange={setAddr('street')} disabled={!editable} /></label>
          <label>Postal code<input value={addr.postalCode} onChange={setAddr('postalCode')} disabled={!editable} /></label>
        </div>
        <div className="row">
          <label>City<input value={addr.city} onChange={setAddr('city')} disabled={!editable} /></label>
          <label>Country<input value={addr.country} onChange={setAddr('country')} disabled={!editable} maxLength={2} /></label>
          <label>Name on address<input value={addr.name} onChange={setAddr('name')} disabled={!editable} /></label>
        </div>
        <div className="row">{field('VAT id', 'vatId', 'CHE-123.456.789 MWST')}{field('E-mail', 'email')}</div>
        <label>Logo (PNG or JPEG){editable && <input type="file" accept="image/png,image/jpeg" onChange={onLogo} />}</label>
        {p.logo && <p><img src={p.logo} alt="Logo" style={{ maxHeight: 48 }} /> {editable && <button type="button" onClick={() => setP({ ...p, logo: null })}>Remove logo</button>}</p>}
      </fieldset>
      <fieldset>
        <legend>Bank details</legend>
        <div className="row">{field('IBAN', 'iban', 'CH93 0076 2011 6238 5295 7')}{field('BIC', 'bic', 'POFICHBEXXX')}</div>
      </fieldset>
      <fieldset>
        <legend>Language, time and terms</legend>
        <div className="row">{field('Language of documents', 'locale', 'de-CH')}{field('Time zone', 'timeZone', 'Europe/Zurich')}</div>
        <div className="row">
          {num('Payment terms (days)', 'paymentTermsDays')}
          <label>Invoice is issued at
            <select value={p.invoiceAt} onChange={set('invoiceAt')} disabled={!editable}>
              <option value="placement">placement (once accepted)</option>
              <option value="payment">payment</option>
              <option value="shipment">shipment</option>
            </select>
          </label>
          {field('Credit note prefix', 'creditNotePrefix')}
        </div>
      </fieldset>
      <fieldset>
        <legend>Reminders</legend>
        <div className="row">
          {num('First reminder (days after due)', 'reminder1Days')}
          {num('Second reminder (days after due)', 'reminder2Days')}
          <label>Fee per reminder ({currency})<input type="number" min={0} step={digits ? 1 / 10 ** digits : 1} value={fee} onChange={(e) => setFee(e.target.value)} disabled={!editable} /></label>
        </div>
      </fieldset>
      {save.isError && <p className="error" role="alert">{save.error.message}</p>}
      {save.isSuccess && <p className="notice" role="status">Saved.</p>}
      {editable && <button type="submit" className="primary" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save billing settings'}</button>}
    </form>
  )
}

function TaxRates({ code }: { code: string }) {
  const { can } = useSession()
  const qc = useQueryClient()
  const editable = can('taxes.manage')
  const rates = useQuery({ queryKey: ['tax-rates', code], queryFn: () => get<List<TaxRate>>(`/tax-rates/${code}`) })
  const [rows, setRows] = useState<TaxRate[] | null>(null)
  useEffect(() => { if (rates.data) setRows(rates.data.items) }, [rates.data])
  const save = useMutation({
    mutationFn: (body: TaxRate[]) => api<List<TaxRate>>('PUT', `/tax-rates/${code}`, { rates: body }),
    onSuccess: (data) => qc.setQueryData(['tax-rates', code], data),
  })
  if (!rows) return <QueryState pending={rates.isPending} error={rates.error}><span /></QueryState>
  const change = (i: number, k: keyof TaxRate, v: string) => setRows(rows.map((r, j) => (j === i ? { ...r, [k]: k === 'rate' ? Number(v) : k === 'country' ? v.toUpperCase() : v } : r)))
  return (
    <form className="card" aria-label="Tax rates" onSubmit={(e) => { e.preventDefault(); save.mutate(rows) }}>
      <h2>Tax rates</h2>
      <p className="muted small">A product takes the rate of its tax class for the destination country, else for “*” (every other country), else its own rate.</p>
      <table>
        <thead><tr><th>Country</th><th>Tax class</th><th className="num">Rate %</th><th /></tr></thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td><input aria-label="Country" value={r.country} maxLength={2} size={3} onChange={(e) => change(i, 'country', e.target.value)} disabled={!editable} /></td>
              <td><input aria-label="Tax class" value={r.taxClass} size={10} onChange={(e) => change(i, 'taxClass', e.target.value)} disabled={!editable} /></td>
              <td className="num"><input aria-label="Rate" type="number" step="0.01" min={0} max={100} value={r.rate} onChange={(e) => change(i, 'rate', e.target.value)} disabled={!editable} /></td>
              <td>{editable && <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>Remove</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="state">No rates: products keep their own rate.</p>}
      {save.isError && <p className="error" role="alert">{save.error.message}</p>}
      {save.isSuccess && <p className="notice" role="status">Saved.</p>}
      {editable && (
        <div className="row-actions">
          <button type="button" onClick={() => setRows([...rows, { country: '*', taxClass: 'standard', rate: 0 }])}>Add a rate</button>
          <button type="submit" className="primary" disabled={save.isPending}>Save tax rates</button>
        </div>
      )}
    </form>
  )
}
