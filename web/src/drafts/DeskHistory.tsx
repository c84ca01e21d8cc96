/** The history of a draft, quote or consultation request. */
import { useQuery } from '@tanstack/react-query'
import { get } from '../api.ts'
import { dateTime, words } from '../format.ts'
import type { List } from '../types.ts'
import { QueryState } from '../ui.tsx'
import type { DeskEntry } from './types.ts'

export function DeskHistory({ path, version, locale }: { path: string; version: string; locale: string }) {
  const history = useQuery({ queryKey: ['desk-history', path, version], queryFn: () => get<List<DeskEntry>>(path) })
  return (
    <section className="card" aria-labelledby="desk-history">
      <h2 id="desk-history">History</h2>
      <QueryState pending={history.isPending} error={history.error} empty={history.data?.items.length === 0}>
        <ol className="history">
          {history.data?.items.map((e, i) => (
            <li key={i}>
              <span className="muted small">{dateTime(e.at, locale)}<br />{e.actor.name}</span>
              <div>
                <strong>{words(e.action ?? e.type)}</strong>
                {(e.from || e.to) && <span className="muted"> ({words(e.from)} → {words(e.to)})</span>}
                {e.note && <div className="small" style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
              </div>
            </li>
          ))}
        </ol>
      </QueryState>
    </section>
  )
}
