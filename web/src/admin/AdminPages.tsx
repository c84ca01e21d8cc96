/** The administrator's screens, one per task, each shown to whoever holds its permission. */
import type { ComponentType } from 'react'
import { Navigate, NavLink, Route, Routes } from 'react-router'
import { useSession } from '../session.tsx'
import { StaffPage } from './Staff.tsx'
import { RolesPage } from './Roles.tsx'
import { TokensPage } from './Tokens.tsx'
import { WebhooksPage } from './Webhooks.tsx'
import { MailTemplatesPage } from './MailTemplates.tsx'
import { OutboxPage } from './Outbox.tsx'
import { ExportersPage } from './Exporters.tsx'
import { JobsPage } from './Jobs.tsx'
import { AuditPage } from './Audit.tsx'

interface Section { path: string; label: string; permission: string; page: ComponentType }

/** One line per administration screen. */
export const adminSections: Section[] = [
  { path: 'staff', label: 'Staff', permission: 'users.manage', page: StaffPage },
  { path: 'roles', label: 'Roles', permission: 'roles.manage', page: RolesPage },
  { path: 'tokens', label: 'API tokens', permission: 'tokens.manage', page: TokensPage },
  { path: 'webhooks', label: 'Webhooks', permission: 'webhooks.manage', page: WebhooksPage },
  { path: 'mail-templates', label: 'E-mail templates', permission: 'templates.manage', page: MailTemplatesPage },
  { path: 'outbox', label: 'Mail outbox', permission: 'mail.read', page: OutboxPage },
  { path: 'exporters', label: 'Exporters', permission: 'exports.manage', page: ExportersPage },
  { path: 'jobs', label: 'Jobs', permission: 'jobs.read', page: JobsPage },
  { path: 'audit', label: 'Audit log', permission: 'audit.read', page: AuditPage },
]

export function AdminPages() {
  const { can } = useSession()
  const mine = adminSections.filter((s) => can(s.permission))
  if (mine.length === 0) return <p className="page-message">Administration needs a role that may manage something.</p>
  return (
    <div className="admin">
      <nav className="side-nav" aria-label="Administration">
        {mine.map((s) => <NavLink key={s.path} to={`/admin/${s.path}`}>{s.label}</NavLink>)}
      </nav>
      <div className="admin-page">
        <Routes>
          <Route index element={<Navigate to={mine[0].path} replace />} />
          {mine.map((s) => <Route key={s.path} path={s.path} element={<s.page />} />)}
          <Route path="*" element={<p className="page-message">There is no page here, or your role does not include it.</p>} />
        </Routes>
      </div>
    </div>
  )
}
