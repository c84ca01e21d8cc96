/** Background jobs: state, attempts, last error and progress; retry the failed, cancel the queued. */
import { useState } from 'react'
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { get, post, queryString } from '../api.ts'
import { dateTime, words } from '../format.ts'
import { useSession } from '../session.tsx'
import { Badge, QueryState } from '../ui.tsx'

interface Job { id: number; kind: string; state: string; attempts: number; maxAttempts: number; runAt: string; lastError: string | null; progress: unknown; createdAt: string; finishedAt: string | null }
const states = ['', 'queued', 'running', 'done', 'failed', 'cancelled']

export function JobsPage() {
  const { can, locale } = useSession()
  const qc = useQueryClient()
  const [state, setState] = useState('')
  const jobs = useInfiniteQuery({
    queryKey: ['jobs', state],
    queryFn: ({ pageParam }) => get<{ items: Job[]; nextBefore: number | null }>(`/jobs${queryString({ state, before: pageParam, limit: 50 })}`),
    initialPageParam: null as number | null, getNextPageParam: (p) => p.nextBefore, refetchInterval: 5000,
  })
  const act = useMutation({ mutationFn: ({ id, what }: { id: number; what: 'retry' | 'cancel' }) => post(`/jobs/${id}/${what}`), onSettled: () => qc.invalidateQueries({ queryKey: ['jobs'] }) })
  const items = jobs.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <section aria-labelledby="jobs-title">
      <div className="page-head"><h1 id="jobs-title">Jobs</h1>
        <label className="inline">State<select value={state} onChange={(e) => setState(e.target.value)}>{states.map((s) => <option key={s} value={s}>{s ? words(s) : 'Any'}</option>)}</select></label>
      </div>
      {act.isError && <p className="error" role="alert">{act.error.message}</p>}
      <QueryState pending={jobs.isPending} error={jobs.error} retry={() => jobs.refetch()} empty={items.length === 0} emptyText="No jobs.">
        <div className="table-wrap">
          <table>
            <thead><tr><th className="num">#</th><th>Kind</th><th>State</th><th className="num">Attempts</th><th>Created</th><th>Finished</th><th>Last error</th><th></th></tr></thead>
            <tbody>
              {items.map((j) => (
                <tr key={j.id}>
                  <td className="num">{j.id}</td><td data-label="Kind">{words(j.kind)}</td><td data-label="State"><Badge status={j.state} /></td>
                  <td data-label="Attempts" className="num">{j.attempts} of {j.maxAttempts}</td>
                  <td data-label="Created">{dateTime(j.createdAt, locale())}</td><td data-label="Finished">{dateTime(j.finishedAt, locale())}</td>
                  <td data-label="Last error" className="small">{j.lastError ?? ''}</td>
                  <td>{can('jobs.run') && (j.state === 'failed' || j.state === 'cancelled'
                    ? <button type="button" className="small" onClick={() => act.mutate({ id: j.id, what: 'retry' })}>Retry</button>
                    : j.state === 'queued' || j.state === 'running' ? <button type="button" className="small danger" onClick={() => act.mutate({ id: j.id, what: 'cancel' })}>Cancel job</button> : null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {jobs.hasNextPage && <p><button type="button" onClick={() => jobs.fetchNextPage()}>Show older</button></p>}
      </QueryState>
    </section>
  )
}
