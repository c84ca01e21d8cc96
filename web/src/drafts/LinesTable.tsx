/** The draft's lines: quantities, prices (overridden with a reason where the role may), stock. */
import { useState } from 'react'
import { fractionDigits } from '../format.ts'
import { useSession } from '../session.tsx'
import { Money } from '../ui.tsx'
import { linesOf, toMinor, type LineInput } from './draft-api.ts'
import type { Draft, DraftLine } from './types.ts'

export function LinesTable({ d, editable, onLines }: { d: Draft; editable: boolean; onLines: (lines: LineInput[]) => void }) {
  const { can, locale } = useSession()
  const loc = locale(d.shop)
  const [pricing, setPricing] = useState<string | null>(null)
  if (d.lines.length === 0) return <p className="muted">No products yet.</p>
  const update = (sku: string, patch: Partial<LineInput> | null) =>
    onLines(linesOf(d.lines).flatMap((l) => (l.sku !== sku ? [l] : patch === null ? [] : [{ ...l, ...patch }])))
  return (
    <div className="table-wrap">
      <table aria-label="Draft lines">
        <thead><tr><th>Product</th><th className="num">Quantity</th><th className="num">Unit price</th><th className="num">Stock</th><th className="num">Amount</th>{editable && <th><span className="sr-only">Actions</span></th>}</tr></thead>
        <tbody>
          {d.lines.map((l) => (
            <tr key={l.sku}>
              <td>{l.name}<div className="muted small">{l.sku}</div></td>
              <td className="num">
                {editable
                  ? <input className="qty" type="number" min={1} max={100000} defaultValue={l.quantity} aria-label={`Quantity of ${l.sku}`}
                      onBlur={(e) => { const q = Number(e.target.value); if (q >= 1 && q !== l.quantity) update(l.sku, { quantity: q }) }} />
                  : l.quantity}
              </td>
              <td className="num">
                <Money amount={l.unitPrice} currency={d.totals.currency} locale={loc} />
                {l.overrideReason !== null && <div className="small muted" title={l.overrideReason}>was <Money amount={l.cataloguePrice} currency={d.totals.currency} locale={loc} />: {l.overrideReason}</div>}
              </td>
              <td className="num">{l.kind !== 'physical' ? '–' : <span className={l.enough ? '' : 'short'}>{l.available} free{!l.enough && ' (short)'}</span>}</td>
              <td className="num"><Money amount={l.amount} currency={d.totals.currency} locale={loc} /></td>
              {editable && (
                <td className="row-actions">
                  {can('prices.override') && <button type="button" className="small" onClick={() => setPricing(pricing === l.sku ? null : l.sku)}>Price</button>}
                  <button type="button" className="small" onClick={() => update(l.sku, null)} aria-label={`Remove ${l.sku}`}>Remove</button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {pricing && <PriceOverride line={d.lines.find((l) => l.sku === pricing)!} currency={d.totals.currency}
        onSave={(unitPrice, overrideReason) => { update(pricing, { unitPrice, overrideReason }); setPricing(null) }} />}
    </div>
  )
}

function PriceOverride({ line, currency, onSave }: { line: DraftLine; currency: string; onSave: (price: number, reason: string) => void }) {
  const digits = fractionDigits(currency)
  const [price, setPrice] = useState((line.unitPrice / 10 ** digits).toFixed(digits))
  const [reason, setReason] = useState(line.overrideReason ?? '')
  const minor = toMinor(price, digits)
  return (
    <form className="row" aria-label={`Price of ${line.sku}`} onSubmit={(e) => { e.preventDefault(); if (Number.isFinite(minor)) onSave(minor, reason) }}>
      <label>New unit price ({currency})<input className="amount" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} required /></label>
      <label className="grow">Reason<input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} /></label>
      <button type="submit" className="primary" disabled={!Number.isFinite(minor)}>Set price</button>
    </form>
  )
}
