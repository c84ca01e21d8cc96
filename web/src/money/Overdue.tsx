/** Invoice orders past their due date, by reminder level, with a button for the next reminder. */
import { Link } from 'react-router'
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query'
import { get, post } from '../api.ts'
import { date, money } from '../format.ts'
import type { OrderPage, OrderSummary } from '../types.ts'
import { useSession } from '../session.tsx'
import { QueryState } from '../ui.tsx'

const levels = [
  { level: 0, title: 'Overdue, not reminded yet', query: 'dunningLevel=0&overdue=true' },
  { level: 1, title: 'First reminder sent', query: 'dunningLevel=1' },
  { level: 2, title: 'Second reminder sent', query: 'dunningLevel=2' },
]

export function Overdue() {
  const { can, locale } = useSession()
  const qc = useQueryClient()
  const pages = useQueries({ queries: levels.map((l) => ({ queryKey: ['overdue', l.level], queryFn: () => get<OrderPage>(`/orders?${l.query}&sort=createdAt&limit=200`) })) })
  const remind = useMutation({
    mutationFn: (o: OrderSummary) => post<{ level: number }>(`/orders/${o.id}/actions/remind`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['overdue'] }),
  })
  return (
    <>
      {remind.isError && <p className="error" role="alert">{remind.error.message}</p>}
      {remind.isSuccess && <p className="notice" role="status">Reminder {remind.data.level} sent.</p>}
      {levels.map((l, i) => {
        const page = pages[i]
        return (
          <QueryState key={l.level} pending={page.isPending} error={page.error} retry={() => page.refetch()}>
            <div className="table-wrap">
              <table aria-label={l.title}>
                <caption>{l.title} ({page.data?.items.length ?? 0})</caption>
                <thead><tr><th>Order</th><th>Invoice</th><th>Customer</th><th>Placed</th><th className="num">Total</th><th>Payment</th><th /></tr></thead>
                <tbody>
                  {page.data?.items.map((o) => (
                    <tr key={o.id}>
                      <td><Link to={`/orders/${o.id}`}>{o.number}</Link></td><td>{o.invoiceNumber ?? '–'}</td><td>{o.customer.name}</td>
                      <td>{date(o.createdAt, locale(o.shop))}</td><td className="num">{money(o.total, o.currency, locale(o.shop))}</td><td>{o.paymentStatus}</td>
                      <td>{can('dunning.manage') && l.level < 2 && <button type="button" onClick={() => remind.mutate(o)} disabled={remind.isPending}>Send reminder {l.level + 1}</button>}</td>
                    </tr>
                  ))}
                  {page.data?.items.length === 0 && <tr><td colSpan={7} className="muted">None.</td></tr>}
                </tbody>
              </table>
            </div>
          </QueryState>
        )
      })}
    </>
  )
}
