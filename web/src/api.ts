/** Talks to /api/v1 with the session cookie; writes carry the session's CSRF token. */
import { plainWords } from './format.ts'

export interface Problem {
  type?: string
  title?: string
  status: number
  code?: string
  detail?: string
  errors?: { path?: string; message?: string }[]
}

/** An API refusal, with the problem's words for the user. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly problem: Problem
  constructor(problem: Problem) {
    super(problemText(problem))
    this.status = problem.status
    this.code = problem.code ?? 'error'
    this.problem = problem
  }
}

function problemText(p: Problem): string {
  const fields = p.errors?.filter((e) => e.message).map((e) => `${e.path ? `${e.path}: ` : ''}${e.message}`) ?? []
  const main = p.detail || p.title || `The server answered ${p.status}`
  return plainWords(fields.length && !p.detail ? `${main} (${fields.join('; ')})` : main)
}

const CSRF_KEY = 'ordo.csrf'
export const csrf = {
  get: () => localStorage.getItem(CSRF_KEY),
  set: (token: string | null) => (token ? localStorage.setItem(CSRF_KEY, token) : localStorage.removeItem(CSRF_KEY)),
}

/** Called when the session is gone, so the app can show the login form. */
let onUnauthorized: () => void = () => {}
export const setUnauthorizedHandler = (handler: () => void) => { onUnauthorized = handler }

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  const token = csrf.get()
  if (method !== 'GET' && token) headers['x-csrf-token'] = token
  let res: Response
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
  } catch {
    throw new ApiError({ status: 0, code: 'network', detail: 'The server cannot be reached. Check the connection and try again.' })
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let data: unknown
  try { data = text ? JSON.parse(text) : undefined } catch { data = undefined }
  if (!res.ok) {
    const problem: Problem = data && typeof data === 'object' ? { ...(data as Problem), status: res.status } : { status: res.status, detail: `The server answered ${res.status} ${res.statusText}` }
    if (res.status === 401 && !path.startsWith('/auth/login')) onUnauthorized()
    // The session is there but this tab lost its CSRF token: a fresh login gives a new one.
    if (problem.code === 'csrf_failed') {
      csrf.set(null)
      onUnauthorized()
      throw new ApiError({ ...problem, detail: 'Your session needs a fresh login: log in again and repeat the last step.' })
    }
    throw new ApiError(problem)
  }
  return data as T
}

export const get = <T>(path: string) => api<T>('GET', path)
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {})

/** `?a=1&b=2` from the defined, non-empty values. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

/**
 * The API paths this server has (from its OpenAPI document), so screens link to what other
 * parts of Ordo add (documents, B2B fields) only once the server offers it.
 */
export async function apiPaths(): Promise<Set<string>> {
  try {
    const res = await fetch('/openapi.json', { credentials: 'same-origin' })
    if (!res.ok) return new Set()
    const doc = (await res.json()) as { paths?: Record<string, unknown> }
    return new Set(Object.keys(doc.paths ?? {}).map((p) => p.replace(/^\/api\/v1/, '')))
  } catch {
    return new Set()
  }
}
