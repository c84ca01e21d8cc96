/** Importing licence keys bought elsewhere into a product's pool; they are handed out first. */
import { useState } from 'react'
import { useMutation } from '@tanstack/react-query'
import { post } from '../api.ts'
import { useSession } from '../session.tsx'

export function LicencePool() {
  const { can } = useSession()
  const [sku, setSku] = useState('')
  const [keys, setKeys] = useState('')
  const load = useMutation({
    mutationFn: () => post<{ imported: number; duplicates: number; available: number }>(`/products/${encodeURIComponent(sku)}/licence-pool`, {
      keys: keys.split(/[\s,;]+/).map((k) => k.trim()).filter(Boolean),
    }),
    onSuccess: () => setKeys(''),
  })
  if (!can('licences.manage')) return null
  return (
    <details className="card">
      <summary>Import keys into a product's pool</summary>
      <form className="stack" onSubmit={(e) => { e.preventDefault(); load.mutate() }}>
        <label>Product SKU<input required value={sku} onChange={(e) => setSku(e.target.value)} /></label>
        <label>Keys, one per line<textarea required rows={5} value={keys} onChange={(e) => setKeys(e.target.value)} /></label>
        <div><button type="submit" className="primary" disabled={load.isPending}>Import</button></div>
      </form>
      {load.isError && <p className="error" role="alert">{load.error.message}</p>}
      {load.data && <p role="status">{load.data.imported} imported, {load.data.duplicates} already known; {load.data.available} waiting to be handed out.</p>}
    </details>
  )
}
