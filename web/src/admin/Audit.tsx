/** The audit log of administrative actions, newest first. */
import { useInfiniteQuery } from '@tanstack/react-query'
import { get, queryString } from '../api.ts'
import { dateTime, words } from '../format.ts'
import { useSession } from '../session.tsx'
import { QueryState } from '../ui.tsx'

interface AuditEntry { id: number; at: string; action: string; targetType: string; targetId: string; actor: { kind: string; name: string }; changes: unknown }

export function AuditPage() {
  const { locale } = useSession()
  const log = useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam }) => get<{ items: AuditEntry[]; nextBefore: number | null }>(`/audit${queryString({ before: pageParam, limit: 100 })}`),
    initialPageParam: null as number | null, getNextPageParam: (p) => p.nextBefore,
  })
  const items = log.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <section aria-labelledby="audit-title">
      <div className="page-head"><h1 id="audit-title">Audit log</h1></div>
      <QueryState pending={log.isPending} error={log.error} retry={() => log.refetch()} empty={items.length === 0} emptyText="Nothing recorded yet.">
        <div className="table-wrap">
          <table>
            <thead><tr><th>When</th><th>Who</th><th>What</th><th>On</th><th>Details</th></tr></thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td data-label="When" className="nowrap">{dateTime(e.at, locale())}</td>
                  <td data-label="Who">{e.actor.name}<div className="muted small">{e.actor.kind}</div></td>
                  <td data-label="What">{words(e.action.replace('.', ' '))}</td>
                  <td data-label="On" className="nowrap">{words(e.targetType)} <code className="small" title={e.targetId}>{shortId(e.targetId)}</code></td>
                  <td data-label="Details" className="small details">{detailsOf(e.changes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {log.hasNextPage && <p><button type="button" onClick={() => log.fetchNextPage()}>Show older</button></p>}
      </QueryState>
    </section>
  )
}

/** A uuid by its first characters (the full one on hover); short codes as they are. */
const shortId = (id: string) => (/^[0-9a-f-]{36}$/i.test(id) ? `${id.slice(0, 8)}…` : id)

/** What changed, as `name: value` pairs. */
function detailsOf(changes: unknown): string {
  if (!changes || typeof changes !== 'object') return ''
  return Object.entries(changes as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ')
}
