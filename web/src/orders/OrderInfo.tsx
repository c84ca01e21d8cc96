/**
 * The order's "Additional information" tab (A32): where it came from (shop, source, the
 * customer's IP address), the promotions that applied, the customer's block and approval
 * flags with the reason given, the export block and each export cycle, and its documents
 * and identifiers. Read from GET /orders/{id}/info.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Link } from 'react-router'
import { get } from '../api.ts'
import { dateTime, words } from '../format.ts'
import type { Order } from '../types.ts'
import { useSession } from '../session.tsx'
import { Field, Money, QueryState } from '../ui.tsx'
import { DocumentLinks, ExportBlock } from './OrderExtras.tsx'

export interface OrderInfoData {
  orderId: string; source: string; customerIp: string | null
  promotions: { code: string; amount: number }[]
  exportBlock: { blocked: boolean; note: string | null; since: string | null }
  exports: { state: string; job: string; attempts: number; held: boolean; lastError: string | null; at: string }[]
  customer: { id: string; blocked: boolean; requiresApproval: boolean; flagReason: string | null; flaggedAt: string | null }
}

const sourceWords: Record<string, string> = { api: 'API', admin: 'Admin UI', web: 'Web shop', shop: 'Web shop', phone: 'Phone', draft: 'Draft order', quote: 'Quote' }
/** Export states as finance and IT name them. */
const exportStateWords: Record<string, string> = { INITPAID: 'Placed and paid', DELIVERY: 'Delivered', CANCELLED: 'Cancelled', RETURNED: 'Returned' }
const cycleWords = (c: OrderInfoData['exports'][number]) =>
  c.held && c.job === 'done' ? 'held back by the block' : c.job === 'done' ? 'exported' : c.job === 'queued' ? 'waiting' : words(c.job)

export function OrderInfo({ o, loc }: { o: Order; loc: string }) {
  const { shop } = useSession()
  const client = useQueryClient()
  const info = useQuery({ queryKey: ['order-info', o.id, o.version], queryFn: () => get<OrderInfoData>(`/orders/${o.id}/info`) })
  const i = info.data
  return (
    <QueryState pending={info.isPending} error={info.error} retry={() => info.refetch()}>
      {i && (
        <dl className="fields wide">
          <Field label="Shop">{shop(o.shop)?.name ?? o.shop} ({o.shop})</Field>
          <Field label="Source">{sourceWords[i.source] ?? words(i.source)}</Field>
          <Field label="IP address">{i.customerIp ? <code>{i.customerIp}</code> : <span className="muted">not recorded</span>}</Field>
          <Field label="Promotions">
            {i.promotions.length === 0 ? <span className="muted">none</span> : (
              <ul className="plain">
                {i.promotions.map((p) => <li key={p.code}><code>{p.code}</code> · <Money amount={p.amount} currency={o.totals.currency} locale={loc} /></li>)}
              </ul>
            )}
          </Field>
          <Field label="Customer">
            <Link to={`/customers/${i.customer.id}`}>{o.customer.name}</Link>{' '}
            {i.customer.blocked && <span className="badge bad">Blocked</span>}{' '}
            {i.customer.requiresApproval && <span className="badge warn">Orders need approval</span>}
            {!i.customer.blocked && !i.customer.requiresApproval && <span className="badge ok">No flags</span>}
            {i.customer.flagReason && <div className="muted small">Flag last changed {i.customer.flaggedAt && dateTime(i.customer.flaggedAt, loc)}: {i.customer.flagReason}</div>}
          </Field>
          <Field label="Export">
            <ExportBlock orderId={o.id} current={i.exportBlock} onSaved={() => client.invalidateQueries({ queryKey: ['order-info', o.id] })} />
          </Field>
          <Field label="Export cycles">
            {i.exports.length === 0 ? <span className="muted">None yet: cycles start when the shop has an exporter for the order's state.</span> : (
              <ul className="plain">
                {i.exports.map((c, n) => (
                  <li key={n}>
                    {exportStateWords[c.state] ?? words(c.state)} · <span className={c.job === 'failed' ? 'error' : ''}>{cycleWords(c)}</span>
                    <span className="muted small"> · {dateTime(c.at, loc)}{c.attempts > 1 ? ` · ${c.attempts} attempts` : ''}</span>
                    {c.lastError && <div className="error small">{c.lastError}</div>}
                  </li>
                ))}
              </ul>
            )}
          </Field>
          <Field label="Documents"><DocumentLinks orderId={o.id} version={o.version} /></Field>
          <Field label="Invoice number">{o.invoiceNumber ?? '–'}</Field>
          <Field label="Internal id"><code>{o.id}</code></Field>
          <Field label="Idempotency key">{o.idempotencyKey ? <code>{o.idempotencyKey}</code> : '–'}</Field>
          <Field label="Version">{o.version}</Field>
          <Field label="Created">{dateTime(o.createdAt, loc)}</Field>
          <Field label="Updated">{dateTime(o.updatedAt, loc)}</Field>
        </dl>
      )}
    </QueryState>
  )
}
