/** On an order: the vouchers and licence keys it issued, linked to their areas. */
import { Link } from 'react-router'
import { useQuery } from '@tanstack/react-query'
import { get } from '../api.ts'
import { date } from '../format.ts'
import type { List } from '../types.ts'
import { useSession } from '../session.tsx'
import { Badge, Money } from '../ui.tsx'
import type { Licence, Voucher } from './types.ts'

export function OrderItems({ orderId, loc }: { orderId: string; loc: string }) {
  const { can } = useSession()
  const vouchers = useQuery({ queryKey: ['vouchers', 'order', orderId], enabled: can('vouchers.read'), queryFn: () => get<List<Voucher>>(`/vouchers?orderId=${orderId}`) })
  const licences = useQuery({ queryKey: ['licences', 'order', orderId], enabled: can('licences.read'), queryFn: () => get<List<Licence>>(`/licences?orderId=${orderId}`) })
  const vs = vouchers.data?.items ?? []
  const ls = licences.data?.items ?? []
  if (vs.length === 0 && ls.length === 0) return null
  return (
    <section aria-labelledby="issued-title">
      <h2 id="issued-title">Issued by this order</h2>
      <div className="table-wrap">
        <table>
          <thead><tr><th>What</th><th>Code or key</th><th>Status</th><th className="num">Balance</th><th>Valid until</th></tr></thead>
          <tbody>
            {vs.map((v) => (
              <tr key={v.id}>
                <td>Voucher</td><td><Link className="mono" to={`/vouchers/${v.code}`}>{v.code}</Link></td><td><Badge status={v.status} /></td>
                <td className="num"><Money amount={v.balance} currency={v.currency} locale={loc} /> of <Money amount={v.value} currency={v.currency} locale={loc} /></td>
                <td>{date(v.expiresAt, loc)}</td>
              </tr>
            ))}
            {ls.map((l) => (
              <tr key={l.id}>
                <td>Licence · {l.productName ?? l.sku}</td><td><Link className="mono" to={`/licences/${l.key}`}>{l.key}</Link></td><td><Badge status={l.status} /></td>
                <td className="num">{l.activeActivations} of {l.activationLimit} activations</td><td>{date(l.expiresAt, loc)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
