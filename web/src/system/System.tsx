/** The health of the system: readiness, the job queue, card payments waiting for the gateway, the database pool. */
import { useQuery } from '@tanstack/react-query'
import { get } from '../api.ts'
import { QueryState } from '../ui.tsx'

export interface SystemStatus {
  ready: boolean
  database: string
  pendingMigrations: string[]
  paymentsPending: number
  jobs: { kind: string; queued: number; running: number; oldestWaitSeconds: number }[]
  pool: { connections: number; idle: number; waiting: number; max: number }
  process: { uptimeSeconds: number; rssMiB: number; node: string }
}

const duration = (s: number) => (s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`)

export function SystemPage() {
  const status = useQuery({ queryKey: ['system-status'], queryFn: () => get<SystemStatus>('/system/status'), refetchInterval: 10_000 })
  const s = status.data
  return (
    <section aria-labelledby="system-title">
      <div className="page-head"><h1 id="system-title">System</h1></div>
      <QueryState pending={status.isPending} error={status.error} retry={() => status.refetch()}>
        {s && (
          <div className="cards system">
            <div className="card">
              <h2>Readiness</h2>
              <p><span className={`badge ${s.ready ? 'ok' : 'bad'}`}>{s.ready ? 'Ready' : 'Not ready'}</span></p>
              <dl className="fields">
                <div className="field"><dt>Database</dt><dd>{s.database === 'postgres' ? 'PostgreSQL' : 'Embedded (PGlite)'}</dd></div>
                <div className="field"><dt>Migrations</dt><dd>{s.pendingMigrations.length ? `Pending: ${s.pendingMigrations.join(', ')}` : 'All applied'}</dd></div>
                <div className="field"><dt>Card payments at the gateway</dt><dd>{s.paymentsPending}</dd></div>
              </dl>
            </div>
            <div className="card">
              <h2>Job queue</h2>
              {s.jobs.length === 0 ? <p className="state">No job is waiting.</p> : (
                <table>
                  <thead><tr><th scope="col">Kind</th><th scope="col" className="num">Waiting</th><th scope="col" className="num">Running</th><th scope="col" className="num">Oldest</th></tr></thead>
                  <tbody>
                    {s.jobs.map((j) => (
                      <tr key={j.kind}><td>{j.kind}</td><td className="num">{j.queued}</td><td className="num">{j.running}</td><td className="num">{j.queued ? duration(j.oldestWaitSeconds) : ''}</td></tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
            <div className="card">
              <h2>This server process</h2>
              <dl className="fields">
                <div className="field"><dt>Connections</dt><dd>{s.pool.connections} open of {s.pool.max}, {s.pool.idle} idle, {s.pool.waiting} waiting</dd></div>
                <div className="field"><dt>Up for</dt><dd>{duration(s.process.uptimeSeconds)}</dd></div>
                <div className="field"><dt>Memory</dt><dd>{s.process.rssMiB} MiB</dd></div>
                <div className="field"><dt>Node.js</dt><dd>{s.process.node}</dd></div>
              </dl>
              <p className="muted small">Prometheus reads the same figures at <code>/metrics</code>.</p>
            </div>
          </div>
        )}
      </QueryState>
    </section>
  )
}
