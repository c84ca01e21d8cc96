/** Who is logged in: the login form until there is a session, then the user's permissions and shops. */
import { createContext, useContext, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, api, apiPaths, csrf, get } from './api.ts'
import type { List, Me, Shop } from './types.ts'
import { localeOf } from './format.ts'

interface Session {
  me: Me
  can: (permission: string) => boolean
  shops: Shop[]
  shop: (code: string) => Shop | undefined
  /** The locale to show an order of this shop in. */
  locale: (shopCode?: string) => string
  logout: () => void
}

const SessionContext = createContext<Session | null>(null)

/**
 * A session that ends while the app is open (logged out elsewhere, expired) is said so in a
 * login dialog over the page: open dialogs and what was typed stay, to be sent again after.
 */
let ended = false
const listeners = new Set<() => void>()
const endedStore = {
  subscribe: (l: () => void) => { listeners.add(l); return () => { listeners.delete(l) } },
  get: () => ended,
  set: (value: boolean) => { ended = value; for (const l of listeners) l() },
}
export const markSessionEnded = () => endedStore.set(true)

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside <SessionGate>')
  return session
}

async function fetchMe(): Promise<Me | null> {
  try {
    return await get<Me>('/auth/me')
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null
    throw error
  }
}

export function SessionGate({ children }: { children: ReactNode }) {
  const qc = useQueryClient()
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false, staleTime: 5 * 60_000 })
  const shops = useQuery({
    queryKey: ['shops'], queryFn: () => get<List<Shop>>('/shops'), enabled: !!me.data?.permissions.includes('shops.read'), staleTime: 60_000,
  })
  const logout = useMutation({
    mutationFn: () => api('POST', '/auth/logout'),
    onSettled: () => { endedStore.set(false); csrf.set(null); qc.clear(); qc.setQueryData(['me'], null) },
  })

  if (me.isPending) return <p className="page-message" role="status">Loading…</p>
  if (me.isError) {
    return (
      <div className="page-message" role="alert">
        <p>Ordo cannot be reached: {me.error.message}</p>
        <button type="button" onClick={() => me.refetch()}>Try again</button>
      </div>
    )
  }
  if (!me.data) return <main className="login"><Login /></main>
  const list = shops.data?.items ?? []
  const byCode = new Map(list.map((s) => [s.code, s]))
  const session: Session = {
    me: me.data,
    can: (p) => me.data!.permissions.includes(p),
    shops: list,
    shop: (code) => byCode.get(code),
    locale: (code) => localeOf(code ? byCode.get(code) : list.length === 1 ? list[0] : undefined),
    logout: () => logout.mutate(),
  }
  return <SessionContext.Provider value={session}>{children}<SessionEnded email={me.data.email} /></SessionContext.Provider>
}

function SessionEnded({ email }: { email: string | null }) {
  const isEnded = useSyncExternalStore(endedStore.subscribe, endedStore.get)
  if (!isEnded) return null
  return (
    <dialog open className="dialog session-ended" aria-labelledby="login-title" ref={(d) => {
        if (d && !d.matches(':modal')) { d.close(); d.showModal(); d.querySelector<HTMLInputElement>('input[type=password]')?.focus() }
      }}
      onCancel={(e) => e.preventDefault()}>
      <Login ended email={email ?? ''} onDone={() => endedStore.set(false)} />
    </dialog>
  )
}

function Login({ ended = false, email: knownEmail = '', onDone }: { ended?: boolean; email?: string; onDone?: () => void }) {
  const qc = useQueryClient()
  const [email, setEmail] = useState(knownEmail)
  const [password, setPassword] = useState('')
  const login = useMutation({
    mutationFn: () => api<{ user: Me; csrfToken: string }>('POST', '/auth/login', { email, password }),
    onSuccess: (result) => {
      csrf.set(result.csrfToken)
      qc.setQueryData(['me'], result.user)
      onDone?.()
    },
  })
  const submit = (e: FormEvent) => { e.preventDefault(); login.mutate() }
  return (
      <form onSubmit={submit} className="card login-card" aria-labelledby="login-title">
        <h1 id="login-title">{ended ? 'Your session has ended' : 'Ordo'}</h1>
        <p className={ended ? undefined : 'muted'} role={ended ? 'alert' : undefined}>{ended
          ? 'You were logged out (elsewhere, or after a while away). Log in again to carry on: this page and anything you typed are kept, so you can send it again.'
          : 'Log in with your staff account.'}</p>
        <label>E-mail<input type="email" autoComplete="username" required autoFocus={!ended} value={email} onChange={(e) => setEmail(e.target.value)} /></label>
        <label>Password<input type="password" autoComplete="current-password" required autoFocus={ended} value={password} onChange={(e) => setPassword(e.target.value)} /></label>
        {login.isError && <p className="error" role="alert">{login.error.message}</p>}
        <button type="submit" className="primary" disabled={login.isPending}>{login.isPending ? 'Logging in…' : 'Log in'}</button>
      </form>
  )
}

/** Whether the server has this API path (`/orders/{id}/documents`); false until known. */
export function useApiHas(path: string): boolean {
  const paths = useQuery({ queryKey: ['api-paths'], queryFn: apiPaths, staleTime: Infinity, retry: false })
  return paths.data?.has(path) ?? false
}
