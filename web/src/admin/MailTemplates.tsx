/**
 * A shop's e-mails: per event and recipient, on or off, who gets it, and the template
 * (LiquidJS subject, text and HTML) edited beside a preview rendered with a real order.
 */
import { useEffect, useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, get, post } from '../api.ts'
import { words } from '../format.ts'
import type { List, OrderPage } from '../types.ts'
import { useSession } from '../session.tsx'
import { QueryState } from '../ui.tsx'

interface MailSetting { event: string; recipient: string; custom: boolean; enabled: boolean; addresses: string[]; subject: string; text: string; html: string }
interface Rendered { subject: string; text: string; html: string }

export function MailTemplatesPage() {
  const { shops } = useSession()
  const [shop, setShop] = useState(shops[0]?.code ?? '')
  const settings = useQuery({ queryKey: ['mail-settings', shop], queryFn: () => get<List<MailSetting>>(`/shops/${shop}/mail/templates`), enabled: !!shop })
  const [current, setCurrent] = useState<string | null>(null)
  const chosen = settings.data?.items.find((s) => `${s.event}|${s.recipient}` === current)
  return (
    <section aria-labelledby="templates-title">
      <div className="page-head"><h1 id="templates-title">E-mail templates</h1>
        <label className="inline">Shop<select value={shop} onChange={(e) => { setShop(e.target.value); setCurrent(null) }}>{shops.map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}</select></label>
      </div>
      <QueryState pending={settings.isPending} error={settings.error} retry={() => settings.refetch()}>
        <div className="split">
          <nav className="card product-list" aria-label="E-mails">
            <ul>
              {settings.data?.items.map((s) => {
                const key = `${s.event}|${s.recipient}`
                return (
                  <li key={key}><button type="button" className={current === key ? 'current link' : 'link'} onClick={() => setCurrent(key)}>
                    {words(s.event.replace('.', ' '))} <span className="muted small">to {s.recipient}{s.custom ? ' · own' : ''}{s.enabled ? '' : ' · off'}</span>
                  </button></li>
                )
              })}
            </ul>
          </nav>
          {chosen ? <TemplateEditor key={`${shop}|${current}`} shop={shop} setting={chosen} /> : <p className="state grow">Pick an e-mail on the left to edit it.</p>}
        </div>
      </QueryState>
    </section>
  )
}

function TemplateEditor({ shop, setting }: { shop: string; setting: MailSetting }) {
  const qc = useQueryClient()
  const [t, setT] = useState({ subject: setting.subject, text: setting.text, html: setting.html })
  const [enabled, setEnabled] = useState(setting.enabled)
  const [addresses, setAddresses] = useState(setting.addresses.join(', '))
  const path = `/shops/${shop}/mail/templates/${setting.event}/${setting.recipient}`
  const latest = useQuery({ queryKey: ['latest-order', shop], queryFn: () => get<OrderPage>(`/orders?shop=${shop}&limit=1`) })
  const [orderId, setOrderId] = useState('')
  useEffect(() => { if (!orderId && latest.data?.items[0]) setOrderId(latest.data.items[0].id) }, [latest.data, orderId])
  const refresh = () => qc.invalidateQueries({ queryKey: ['mail-settings', shop] })
  const preview = useMutation({ mutationFn: () => post<Rendered>(`/shops/${shop}/mail/preview`, { event: setting.event, recipient: setting.recipient, orderId, template: t }) })
  const save = useMutation({ mutationFn: () => api('PUT', path, t), onSuccess: refresh })
  const reset = useMutation({ mutationFn: () => api('DELETE', path), onSuccess: refresh })
  const rule = useMutation({
    mutationFn: () => api('PUT', `/shops/${shop}/mail/rules/${setting.event}/${setting.recipient}`, { enabled, addresses: addresses.split(/[\s,;]+/).filter(Boolean) }),
    onSuccess: refresh,
  })
  const field = (k: 'subject' | 'text' | 'html') => ({ value: t[k], onChange: (e: { target: { value: string } }) => setT({ ...t, [k]: e.target.value }) })
  const failed = [save, reset, rule, preview].find((m) => m.isError)
  return (
    <div className="grow template-editor">
      <form className="card" onSubmit={(e) => { e.preventDefault(); save.mutate() }} aria-label="Template">
        <h2>{words(setting.event.replace('.', ' '))} · to the {setting.recipient}</h2>
        <div className="inline-form">
          <label className="check"><input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Sent</label>
          <label className="inline grow">Also / instead to<input value={addresses} onChange={(e) => setAddresses(e.target.value)} placeholder="orders@example.com" /></label>
          <button type="button" className="small" onClick={() => rule.mutate()} disabled={rule.isPending}>Save who gets it</button>
          {rule.isSuccess && <span className="muted small" role="status">Saved</span>}
        </div>
        <label>Subject<input {...field('subject')} required /></label>
        <label>Plain text<textarea {...field('text')} rows={8} required className="code" /></label>
        <label>HTML<textarea {...field('html')} rows={8} required className="code" /></label>
        <div className="inline-form">
          <label className="inline">Preview with order<input value={orderId} onChange={(e) => setOrderId(e.target.value)} size={38} placeholder="order id" /></label>
          <button type="button" onClick={() => preview.mutate()} disabled={!orderId || preview.isPending}>Preview</button>
          <span className="spacer" />
          {setting.custom && <button type="button" className="danger" onClick={() => reset.mutate()}>Back to the built-in template</button>}
          <button type="submit" className="primary" disabled={save.isPending}>Save template</button>
        </div>
        {save.isSuccess && <p className="notice" role="status">Template saved: the next e-mails use it.</p>}
        {failed && <p className="error" role="alert">{failed.error!.message}</p>}
      </form>
      {preview.data && (
        <section className="card preview" aria-label="Preview">
          <h2>Preview</h2>
          <p><strong>Subject:</strong> <span data-testid="preview-subject">{preview.data.subject}</span></p>
          <iframe title="HTML preview" sandbox="" srcDoc={preview.data.html} className="mail-frame" />
          <details><summary>Plain text</summary><pre className="mail-text">{preview.data.text}</pre></details>
        </section>
      )}
    </div>
  )
}
