/** Staff accounts: who may log in, with which role and shops; add, switch off, reset a password. */
import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get, post } from '../api.ts'
import { dateTime, words } from '../format.ts'
import type { List } from '../types.ts'
import { useSession } from '../session.tsx'
import { ActionMenu, Confirm, QueryState } from '../ui.tsx'
import { ShownOnce, shopList } from './shared.tsx'

interface User { id: string; email: string; name: string; role: string; shops: string[]; active: boolean; lastLoginAt: string | null; createdAt: string }
interface Role { code: string; name: string; permissions: string[]; builtIn: boolean }

export function StaffPage() {
  const { can, locale } = useSession()
  const qc = useQueryClient()
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<List<User>>('/users') })
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => get<List<Role>>('/roles'), enabled: can('roles.manage') })
  const [form, setForm] = useState({ email: '', name: '', role: 'call_centre', shops: '' })
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null)
  const [asking, setAsking] = useState<{ user: User; what: 'deactivate' | 'reset' } | null>(null)
  const add = useMutation({
    mutationFn: () => post<{ user: User; password: string }>('/users', { email: form.email, name: form.name, role: form.role, shops: shopList(form.shops) }),
    onSuccess: (r) => { setSecret({ label: `Password for ${r.user.email}:`, value: r.password }); setForm({ email: '', name: '', role: form.role, shops: '' }); qc.invalidateQueries({ queryKey: ['users'] }) },
  })
  const change = useMutation({
    mutationFn: ({ user, what }: { user: User; what: 'deactivate' | 'activate' | 'reset' }) => what === 'reset'
      ? post<{ password: string }>(`/users/${user.id}/reset-password`, {}).then((r) => setSecret({ label: `New password for ${user.email}:`, value: r.password }))
      : api('PATCH', `/users/${user.id}`, { active: what === 'activate' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['users'] }),
  })
  const submit = (e: FormEvent) => { e.preventDefault(); add.mutate() }
  const roleNames = roles.data?.items ?? []
  return (
    <section aria-labelledby="staff-title">
      <div className="page-head"><h1 id="staff-title">Staff</h1></div>
      {secret && <ShownOnce label={secret.label} value={secret.value} onDismiss={() => setSecret(null)} />}
      <form className="filters" onSubmit={submit} aria-label="Add a staff account">
        <label>E-mail<input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} /></label>
        <label>Name<input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label>Role{roleNames.length
          ? <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>{roleNames.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}</select>
          : <input required value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })} />}</label>
        <label>Shops (empty: all)<input value={form.shops} placeholder="CH, DE" onChange={(e) => setForm({ ...form, shops: e.target.value })} /></label>
        <button type="submit" className="primary" disabled={add.isPending}>Add staff account</button>
        {add.isError && <p className="error" role="alert">{add.error.message}</p>}
      </form>
      {change.isError && <p className="error" role="alert">{change.error.message}</p>}
      <QueryState pending={users.isPending} error={users.error} retry={() => users.refetch()}>
        <div className="table-wrap">
          <table>
            <thead><tr><th>Name</th><th>E-mail</th><th>Role</th><th>Shops</th><th>Last login</th><th>State</th><th>Actions</th></tr></thead>
            <tbody>
              {users.data?.items.map((u) => (
                <tr key={u.id}>
                  <td data-label="Name">{u.name}</td><td data-label="E-mail">{u.email}</td>
                  <td data-label="Role">{roleNames.find((r) => r.code === u.role)?.name ?? words(u.role)}</td>
                  <td data-label="Shops">{u.shops.join(', ') || 'all'}</td>
                  <td data-label="Last login">{dateTime(u.lastLoginAt, locale())}</td>
                  <td data-label="State">{u.active ? <span className="badge ok">Active</span> : <span className="badge muted">Switched off</span>}</td>
                  <td data-label="Actions"><ActionMenu label={`Actions for ${u.email}`} actions={[
                    u.active ? { key: 'off', label: 'Switch off', danger: true, run: () => setAsking({ user: u, what: 'deactivate' }) }
                      : { key: 'on', label: 'Switch on', run: () => change.mutate({ user: u, what: 'activate' }) },
                    { key: 'reset', label: 'New password', run: () => setAsking({ user: u, what: 'reset' }) },
                  ]} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
      {asking && (
        <Confirm danger title={asking.what === 'reset' ? `New password for ${asking.user.name}?` : `Switch off ${asking.user.name}?`}
          confirmLabel={asking.what === 'reset' ? 'Set a new password' : 'Switch off'}
          text={asking.what === 'reset' ? 'Their sessions end now; the new password is shown once.' : 'They are logged out and cannot log in until switched on again.'}
          onConfirm={() => { change.mutate(asking); setAsking(null) }} onCancel={() => setAsking(null)} />
      )}
    </section>
  )
}
