/** The mail outbox: every e-mail Ordo sent (or kept, without an SMTP server), newest first. */
import { Fragment, useState } from 'react'
import { Link } from 'react-router'
import { useInfiniteQuery } from '@tanstack/react-query'
import { get, queryString } from '../api.ts'
import { dateTime, words } from '../format.ts'
import { useSession } from '../session.tsx'
import { QueryState } from '../ui.tsx'
import type { MailMessage } from '../orders/OrderExtras.tsx'

export function OutboxPage() {
  const { shops, locale } = useSession()
  const [shop, setShop] = useState('')
  const mail = useInfiniteQuery({
    queryKey: ['mail-outbox', shop],
    queryFn: ({ pageParam }) => get<{ items: MailMessage[]; nextBefore: number | null }>(`/mail${queryString({ shop, before: pageParam, limit: 50 })}`),
    initialPageParam: null as number | null, getNextPageParam: (p) => p.nextBefore,
  })
  const items = mail.data?.pages.flatMap((p) => p.items) ?? []
  const [open, setOpen] = useState<number | null>(null)
  return (
    <section aria-labelledby="outbox-title">
      <div className="page-head"><h1 id="outbox-title">Mail outbox</h1>
        {shops.length > 1 && <label className="inline">Shop<select value={shop} onChange={(e) => setShop(e.target.value)}><option value="">All shops</option>{shops.map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}</select></label>}
      </div>
      <QueryState pending={mail.isPending} error={mail.error} retry={() => mail.refetch()} empty={items.length === 0} emptyText="No e-mails sent yet.">
        <div className="table-wrap">
          <table>
            <thead><tr><th>Sent</th><th>To</th><th>Subject</th><th>Event</th><th>Order</th><th>Transport</th></tr></thead>
            <tbody>
              {items.map((m) => (
                <Fragment key={m.id}>
                  <tr>
                    <td data-label="Sent" className="nowrap">{dateTime(m.at, locale(m.shop))}</td><td data-label="To">{m.to.join(', ')}</td>
                    <td data-label="Subject"><button type="button" className="link" aria-expanded={open === m.id} onClick={() => setOpen(open === m.id ? null : m.id)}>{m.subject}</button></td>
                    <td data-label="Event">{words(m.event)} · {m.recipient}</td>
                    <td data-label="Order">{m.orderId ? <Link to={`/orders/${m.orderId}?tab=mail`}>Open</Link> : '–'}</td><td data-label="Transport">{m.transport}</td>
                  </tr>
                  {open === m.id && <tr><td colSpan={6}><pre className="mail-text">{m.text}</pre></td></tr>}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
        {mail.hasNextPage && <p><button type="button" onClick={() => mail.fetchNextPage()}>Show older</button></p>}
      </QueryState>
    </section>
  )
}
