/** Small shared pieces: badges, states in words, money. */
import type { ReactNode } from 'react'
import { money, tone, words } from './format.ts'

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
