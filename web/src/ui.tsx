/** Small shared pieces: badges, states in words, money. */
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { datePattern, isoToLocalDate, localDateToIso, money, tone, words } from './format.ts'

export const Badge = ({ status }: { status: string }) => <span className={`badge ${tone(status)}`}>{words(status)}</span>

export const Money = ({ amount, currency, locale }: { amount: number; currency: string; locale: string }) =>
  <span className="num">{money(amount, currency, locale)}</span>

/** Loading, failure and emptiness, each said in words. */
export function QueryState({ pending, error, empty, emptyText, retry, children }: {
  pending: boolean; error: Error | null; empty?: boolean; emptyText?: string; retry?: () => void; children: ReactNode
}) {
  if (pending) return <p className="state" role="status">Loading…</p>
  if (error) {
    return (
      <div className="state error" role="alert">
        {error.message}
        {retry && <button type="button" onClick={retry}>Try again</button>}
      </div>
    )
  }
  if (empty) return <p className="state">{emptyText ?? 'Nothing to show.'}</p>
  return <>{children}</>
}

export const Field = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="field"><dt>{label}</dt><dd>{children}</dd></div>
)

/**
 * A date typed the way the shop writes it (`05.12.2026` in de-CH, `12/05/2026` in en-US),
 * kept as `yyyy-mm-dd`: the browser's own date field follows the computer's language instead.
 */
export function DateInput({ label, value, onChange, locale }: { label: string; value: string; onChange: (iso: string) => void; locale: string }) {
  const [text, setText] = useState(() => isoToLocalDate(value, locale))
  const [bad, setBad] = useState(false)
  // Follow the value when it changes from outside (a link, "Clear filters"), not while typing it.
  useEffect(() => {
    if ((localDateToIso(text, locale) ?? '') !== value) { setText(isoToLocalDate(value, locale)); setBad(false) }
  }, [value, locale]) // eslint-disable-line react-hooks/exhaustive-deps
  const type = (t: string) => {
    setText(t)
    const iso = localDateToIso(t, locale)
    if (!t.trim()) onChange('')
    else if (iso && /\d{4}/.test(t)) { setBad(false); onChange(iso) }
  }
  const check = () => setBad(!!text.trim() && !localDateToIso(text, locale))
  const pattern = datePattern(locale)
  return (
    <label>{label}
      <input value={text} placeholder={pattern} size={pattern.length + 1} inputMode="numeric" aria-invalid={bad || undefined}
        title={bad ? `Write the date as ${pattern}` : undefined}
        onChange={(e) => type(e.target.value)} onBlur={check} />
    </label>
  )
}

/** Asks before a change that is easy to make by mistake (a customer's block flag), saying what it does. */
export function Confirm({ title, text, confirmLabel, danger, onConfirm, onCancel }: {
  title: string; text: ReactNode; confirmLabel: string; danger?: boolean; onConfirm: () => void; onCancel: () => void
}) {
  return (
    <dialog className="dialog" aria-labelledby="confirm-title" ref={(d) => { if (d && !d.open) d.showModal() }} onClose={onCancel}>
      <form method="dialog" onSubmit={(e) => { e.preventDefault(); onConfirm() }}>
        <h2 id="confirm-title">{title}</h2>
        <div>{text}</div>
        <div className="buttons">
          <button type="button" onClick={onCancel}>Back</button>
          <button type="submit" className={danger ? 'danger' : 'primary'} autoFocus>{confirmLabel}</button>
        </div>
      </form>
    </dialog>
  )
}

/** Row actions folded into one menu button, so a row stays one line high. */
export function ActionMenu({ label, actions }: { label: string; actions: { key: string; label: string; danger?: boolean; run: () => void }[] }) {
  const ref = useRef<HTMLDetailsElement>(null)
  if (actions.length === 0) return <span className="muted small">–</span>
  return (
    <details className="menu" ref={ref} onToggle={(e) => { if ((e.target as HTMLDetailsElement).open) closeOnOutsideClick(ref.current!) }} onKeyDown={(e) => { if (e.key === 'Escape') { ref.current!.open = false; (ref.current!.querySelector('summary') as HTMLElement).focus() } }}>
      <summary aria-label={label}>Actions</summary>
      <ul role="menu">
        {actions.map((a) => (
          <li key={a.key} role="none">
            <button type="button" role="menuitem" className={a.danger ? 'danger' : undefined} onClick={() => { ref.current!.open = false; a.run() }}>{a.label}</button>
          </li>
        ))}
      </ul>
    </details>
  )
}

/** Whether the screen is phone-sized (as the CSS's 640px breakpoint). */
export function usePhone(): boolean {
  const query = '(max-width: 640px)'
  const [phone, setPhone] = useState(() => window.matchMedia(query).matches)
  useEffect(() => {
    const m = window.matchMedia(query)
    const on = () => setPhone(m.matches)
    m.addEventListener('change', on)
    return () => m.removeEventListener('change', on)
  }, [])
  return phone
}

/** Filters folded away on a phone, so the list comes first; open as usual elsewhere. */
export function PhoneFold({ label, children }: { label: string; children: ReactNode }) {
  const phone = usePhone()
  if (!phone) return <>{children}</>
  return <details className="phone-fold"><summary>{label}</summary>{children}</details>
}

/** Closes an open menu when the next click lands outside it. */
function closeOnOutsideClick(menu: HTMLDetailsElement) {
  const onDown = (e: PointerEvent) => {
    if (!menu.contains(e.target as Node)) menu.open = false
    if (!menu.open) document.removeEventListener('pointerdown', onDown)
  }
  document.addEventListener('pointerdown', onDown)
}
