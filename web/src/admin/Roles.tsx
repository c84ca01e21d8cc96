/** Roles: the built-in ones and custom roles made of permissions. */
import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get, post } from '../api.ts'
import type { List } from '../types.ts'
import { QueryState } from '../ui.tsx'

interface Role { code: string; name: string; permissions: string[]; builtIn: boolean }
interface Permission { code: string; description: string }

export function RolesPage() {
  const qc = useQueryClient()
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => get<List<Role>>('/roles') })
  const permissions = useQuery({ queryKey: ['permissions'], queryFn: () => get<List<Permission>>('/permissions'), staleTime: Infinity })
  const [editing, setEditing] = useState<{ code: string; name: string; permissions: string[]; isNew: boolean } | null>(null)
  const save = useMutation({
    mutationFn: () => editing!.isNew
      ? post('/roles', { code: editing!.code, name: editing!.name, permissions: editing!.permissions })
      : api('PATCH', `/roles/${editing!.code}`, { name: editing!.name, permissions: editing!.permissions }),
    onSuccess: () => { setEditing(null); qc.invalidateQueries({ queryKey: ['roles'] }) },
  })
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate() }
  return (
    <section aria-labelledby="roles-title">
      <div className="page-head"><h1 id="roles-title">Roles</h1>
        <button type="button" className="primary" onClick={() => setEditing({ code: '', name: '', permissions: ['orders.read'], isNew: true })}>New role</button></div>
      {editing && (
        <form className="card role-form" onSubmit={submit} aria-label={editing.isNew ? 'New role' : `Role ${editing.name}`}>
          <div className="row">
            {editing.isNew && <label>Code<input required pattern="[A-Za-z0-9][A-Za-z0-9_\-]{0,23}" value={editing.code} onChange={(e) => setEditing({ ...editing, code: e.target.value })} /></label>}
            <label>Name<input required value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} /></label>
          </div>
          <fieldset className="permission-grid"><legend>Permissions</legend>
            {permissions.data?.items.map((p) => (
              <label key={p.code} className="check" title={p.code}><input type="checkbox" checked={editing.permissions.includes(p.code)}
                onChange={(e) => setEditing({ ...editing, permissions: e.target.checked ? [...editing.permissions, p.code] : editing.permissions.filter((x) => x !== p.code) })} />{p.description}</label>
            ))}
          </fieldset>
          {save.isError && <p className="error" role="alert">{save.error.message}</p>}
          <div className="buttons"><button type="button" onClick={() => setEditing(null)}>Back</button><button type="submit" className="primary" disabled={save.isPending}>Save role</button></div>
        </form>
      )}
      <QueryState pending={roles.isPending} error={roles.error} retry={() => roles.refetch()}>
        <div className="table-wrap">
          <table>
            <thead><tr><th>Role</th><th>Permissions</th><th></th></tr></thead>
            <tbody>
              {roles.data?.items.map((r) => (
                <tr key={r.code}>
                  <td data-label="Role"><strong>{r.name}</strong><div className="muted small">{r.code}{r.builtIn && ' · built in'}</div></td>
                  <td data-label="Permissions" className="small">{r.permissions.join(', ')}</td>
                  <td>{!r.builtIn && <button type="button" className="small" onClick={() => setEditing({ ...r, isNew: false })}>Change</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
    </section>
  )
}
