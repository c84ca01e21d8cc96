/** Small pieces the administration screens share. */
import { useState } from 'react'

/** A secret shown once (a new password, token or signing secret), with a copy button. */
export function ShownOnce({ label, value, onDismiss }: { label: string; value: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false)
  return (
    <div className="notice secret" role="status">
      <strong>{label}</strong> It is shown only now: copy it somewhere safe.
      <div className="inline-form">
        <code data-testid="secret">{value}</code>
        <button type="button" className="small" onClick={() => navigator.clipboard?.writeText(value).then(() => setCopied(true))}>{copied ? 'Copied' : 'Copy'}</button>
        <button type="button" className="small" onClick={onDismiss}>Done</button>
      </div>
    </div>
  )
}

/** Shop codes typed as `CH, DE`; empty for every shop. */
export const shopList = (text: string) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean)
