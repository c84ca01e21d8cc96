/**
 * A list searched by text and filtered by status, both kept in the URL (so going back to it
 * keeps them): the typed text until it is submitted, and the list's query.
 */
import { useState, type FormEvent } from 'react'
import { useSearchParams } from 'react-router'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { get, queryString } from './api.ts'
import type { List } from './types.ts'

export function useSearchedList<T>(path: string) {
  const [params, setParams] = useSearchParams()
  const q = params.get('q') ?? ''
  const status = params.get('status') ?? ''
  const [text, setText] = useState(q)
  const list = useQuery({
    // Keyed by the collection's name ('vouchers' for /vouchers), which changes elsewhere invalidate.
    queryKey: [path.replace(/^\//, ''), q, status], placeholderData: keepPreviousData,
    queryFn: () => get<List<T>>(`${path}${queryString({ q, status, limit: 100 })}`),
  })
  /** Shows the list for this text and status; empty ones leave the URL. */
  const show = (nq: string, ns: string) => setParams(Object.fromEntries(Object.entries({ q: nq, status: ns }).filter(([, v]) => v)))
  const submit = (e: FormEvent) => { e.preventDefault(); show(text, status) }
  return { q, status, text, setText, list, show, submit }
}
