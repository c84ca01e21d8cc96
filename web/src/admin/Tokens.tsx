/** API tokens for integrations: make one (its secret shown once), see when each was last used, revoke. */
import { useState, type FormEvent } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get, post } from '../api.ts'
import { dateTime, words } from '../format.ts'
import type { List } from '../types.ts'
import { useSession } from '../session.tsx'
import { Confirm, QueryState } from '../ui.tsx'
import { ShownOnce, shopList } from './shared.tsx'

interface Token { id: string; name: string; role: string; shops: string[]; createdAt: string; lastUsedAt: string | null; expiresAt: string | null; revokedAt: string | null }
const roles = ['administrator', 'call_centre', 'fulfilment', 'logistics', 'finance', 'read_only']

export function TokensPage() {
  const { locale } = useSession()
  const qc = useQueryClient()
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => get<List<Token>>('/tokens') })
  const [form, setForm] = useState({ name: '', role: 'read_only', shops: '' })
  const [secret, setSecret] = useState<string | null>(null)
  const [revoking, setRevoking] = useState<Token | null>(null)
  const create = useMutation({
    mutationFn: () => post<{ token: string }>('/tokens', { name: form.name, role: form.role, shops: shopList(form.shops) }),
    onSuccess: (r) => { setSecret(r.token); setForm({ name: '', role: form.role, shops: '' }); qc.invalidateQueries({ queryKey: ['tokens'] }) },
  })
  const revoke = useMutation({ mutationFn: (id: string) => api('DELETE', `/tokens/${id}`), onSettled: () => qc.invalidateQueries({ queryKey: ['tokens'] }) })
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate() }
  return (
    <section aria-labelledby="tokens-title">
      <div className="page-head"><h1 id="tokens-title">API tokens</h1></div>
      {secret && <ShownOnce label="The new token:" value={secret} onDismiss={() => setSecret(null)} />}
      <form className="filters" onSubmit={submit} aria-label="New API token">
        <label className="grow">Name (what uses it)<input required maxLength={100} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label>Role<select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>{roles.map((r) => <option key={r} value={r}>{words(r)}</option>)}</select></label>
        <label>Shops (empty: all)<input value={form.shops} placeholder="CH, DE" onChange={(e) => setForm({ ...form, shops: e.target.value })} /></label>
        <button type="submit" className="primary" disabled={create.isPending}>Create token</button>
        {create.isError && <p className="error" role="alert">{create.error.message}</p>}
      </form>
      {revoke.isError && <p className="error" role="alert">{revoke.error.message}</p>}
      <QueryState pending={tokens.isPending} error={tokens.error} retry={() => tokens.refetch()} empty={tokens.data?.items.length === 0} emptyText="No API tokens yet.">
        <div className="table-wrap">
          <table>
            <thead><tr><th>Name</th><th>Role</th><th>Shops</th><th>Created</th><th>Last used</th><th>State</th><th></th></tr></thead>
            <tbody>
              {tokens.data?.items.map((t) => (
                <tr key={t.id}>
                  <td data-label="Name">{t.name}</td><td data-label="Role">{words(t.role)}</td><td data-label="Shops">{t.shops.join(', ') || 'all'}</td>
                  <td data-label="Created">{dateTime(t.createdAt, locale())}</td><td data-label="Last used">{dateTime(t.lastUsedAt, locale())}</td>
                  <td data-label="State">{t.revokedAt ? <span className="badge bad">Revoked</span> : t.expiresAt && Date.parse(t.expiresAt) < Date.now() ? <span className="badge muted">Expired</span> : <span className="badge ok">Active</span>}</td>
                  <td>{!t.revokedAt && <button type="button" className="small danger" onClick={() => setRevoking(t)}>Revoke</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
      {revoking && <Confirm danger title={`Revoke “${revoking.name}”?`} confirmLabel="Revoke token" text="It stops working at once; whatever uses it gets refused."
        onConfirm={() => { revoke.mutate(revoking.id); setRevoking(null) }} onCancel={() => setRevoking(null)} />}
    </section>
  )
}
