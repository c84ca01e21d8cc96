/** How each shop's vouchers look when printed: colours, title and closing line. */
import { useEffect, useState } from 'react'
import { useMutation, useQuery } from '@tanstack/react-query'
import { api, get } from '../api.ts'
import { useSession } from '../session.tsx'

interface Layout { accentColor: string; backgroundColor: string; title: string; footer: string }

export function VoucherLayouts() {
  const { shops, can } = useSession()
  const [shop, setShop] = useState(shops[0]?.code ?? '')
  const layout = useQuery({ queryKey: ['voucher-layout', shop], enabled: !!shop, queryFn: () => get<Layout>(`/voucher-layouts/${shop}`) })
  const [draft, setDraft] = useState<Layout | null>(null)
  useEffect(() => { if (layout.data) setDraft(layout.data) }, [layout.data])
  const save = useMutation({ mutationFn: () => api<Layout>('PUT', `/voucher-layouts/${shop}`, draft) })
  if (!can('vouchers.manage') || shops.length === 0) return null
  const set = (k: keyof Layout, v: string) => setDraft((d) => (d ? { ...d, [k]: v } : d))
  return (
    <details className="card">
      <summary>Print layout per shop</summary>
      <form className="stack" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
        <label>Shop<select value={shop} onChange={(e) => setShop(e.target.value)}>{shops.map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}</select></label>
        {draft && (
          <>
            <label>Title<input value={draft.title} maxLength={60} required onChange={(e) => set('title', e.target.value)} /></label>
            <label>Accent colour<input type="color" value={draft.accentColor} onChange={(e) => set('accentColor', e.target.value)} /></label>
            <label>Background colour<input type="color" value={draft.backgroundColor} onChange={(e) => set('backgroundColor', e.target.value)} /></label>
            <label>Closing line<input value={draft.footer} maxLength={300} onChange={(e) => set('footer', e.target.value)} /></label>
            <div><button type="submit" className="primary" disabled={save.isPending}>Save layout</button></div>
          </>
        )}
        {save.isError && <p className="error" role="alert">{save.error.message}</p>}
        {save.isSuccess && <p className="muted small" role="status">Saved: new PDFs of this shop use it.</p>}
      </form>
    </details>
  )
}
