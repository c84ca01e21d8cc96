/** Shop settings: numbering of orders and invoices, approval rules, capture. */
import { useState, type FormEvent } from 'react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../api.ts'
import { fractionDigits, money } from '../format.ts'
import type { Shop } from '../types.ts'
import { useSession } from '../session.tsx'

export function ShopSettings() {
  const { shops } = useSession()
  return (
    <section aria-labelledby="shops-title">
      <div className="page-head"><h1 id="shops-title">Shops</h1></div>
      {shops.length === 0 && <p className="state">No shops yet.</p>}
      <div className="cards shops">{shops.map((s) => <ShopForm key={s.code} shop={s} />)}</div>
    </section>
  )
}

function ShopForm({ shop }: { shop: Shop }) {
  const { can, locale } = useSession()
  const qc = useQueryClient()
  const editable = can('shops.write')
  const digits = fractionDigits(shop.currency)
  const [s, setS] = useState({
    ...shop.settings, name: shop.name, pricesIncludeTax: shop.pricesIncludeTax,
    threshold: shop.settings.approvalThreshold === null ? '' : String(shop.settings.approvalThreshold / 10 ** digits),
  })
  const save = useMutation({
    mutationFn: () => api<Shop>('PATCH', `/shops/${shop.code}`, {
      name: s.name, pricesIncludeTax: s.pricesIncludeTax,
      settings: {
        // Numbering is sent only when changed: the server refuses a start below numbers already issued.
        ...changed({ orderNumberPrefix: s.orderNumberPrefix, orderNumberStart: Number(s.orderNumberStart) }, shop.settings),
        ...changed({ invoiceNumberPrefix: s.invoiceNumberPrefix, invoiceNumberStart: Number(s.invoiceNumberStart) }, shop.settings),
        invoiceNumbersEnabled: s.invoiceNumbersEnabled, requireApproval: s.requireApproval, capturePer: s.capturePer,
        approvalThreshold: s.threshold === '' ? null : Math.round(Number(s.threshold) * 10 ** digits),
      },
    }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['shops'] }),
  })
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate() }
  const text = (k: 'name' | 'orderNumberPrefix' | 'invoiceNumberPrefix' | 'threshold') =>
    ({ value: s[k], disabled: !editable, onChange: (e: { target: { value: string } }) => setS({ ...s, [k]: e.target.value }) })
  const num = (k: 'orderNumberStart' | 'invoiceNumberStart') =>
    ({ type: 'number', min: 1, value: s[k], disabled: !editable, onChange: (e: { target: { value: string } }) => setS({ ...s, [k]: Number(e.target.value) }) })
  const check = (k: 'pricesIncludeTax' | 'invoiceNumbersEnabled' | 'requireApproval') =>
    ({ type: 'checkbox', checked: s[k], disabled: !editable, onChange: (e: { target: { checked: boolean } }) => setS({ ...s, [k]: e.target.checked }) })
  const loc = locale(shop.code)
  return (
    <form className="card shop" onSubmit={submit} aria-label={`Shop ${shop.code}`}>
      <h2>{shop.name} <span className="muted small">{shop.code} · {shop.currency} · {loc}</span></h2>
      <label>Name<input {...text('name')} required /></label>
      <label className="check"><input {...check('pricesIncludeTax')} /> Prices include tax</label>
      <fieldset>
        <legend>Numbering</legend>
        <div className="row">
          <label>Order prefix<input {...text('orderNumberPrefix')} /></label>
          <label>Next order from<input {...num('orderNumberStart')} /></label>
        </div>
        <label className="check"><input {...check('invoiceNumbersEnabled')} /> Ordo issues invoice numbers (off when an ERP does)</label>
        <div className="row">
          <label>Invoice prefix<input {...text('invoiceNumberPrefix')} /></label>
          <label>Next invoice from<input {...num('invoiceNumberStart')} /></label>
        </div>
      </fieldset>
      <fieldset>
        <legend>Approval and payment</legend>
        <label className="check"><input {...check('requireApproval')} /> Every order waits for approval</label>
        <label>Orders above this total wait for approval ({shop.currency}; empty for no limit)
          <input type="number" min="0" step="0.01" {...text('threshold')} />
        </label>
        {s.threshold !== '' && <p className="muted small">That is {money(Math.round(Number(s.threshold) * 10 ** digits), shop.currency, loc)}.</p>}
        <label>Capture card payments on shipment
          <select value={s.capturePer} disabled={!editable} onChange={(e) => setS({ ...s, capturePer: e.target.value as 'delivery' | 'order' })}>
            <option value="delivery">per shipped delivery</option>
            <option value="order">the whole order at the first shipment</option>
          </select>
        </label>
      </fieldset>
      {save.isError && <p className="error" role="alert">{save.error.message}</p>}
      {save.isSuccess && <p className="notice" role="status">Saved.</p>}
      {editable && <button type="submit" className="primary" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save'}</button>}
    </form>
  )
}

/** The fields of `next` that differ from `current`; prefix and start travel together. */
function changed<T extends Record<string, unknown>>(next: T, current: Record<string, unknown>): Partial<T> {
  return Object.entries(next).some(([k, v]) => current[k] !== v) ? next : {}
}
