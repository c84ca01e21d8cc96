/** On the order page: the tax per rate, the discount codes used, and the order's documents to open or download. */
import { useQuery } from '@tanstack/react-query'
import { get } from '../api.ts'
import { date, money, words } from '../format.ts'
import type { List, Order } from '../types.ts'
import { useSession } from '../session.tsx'
import { QueryState } from '../ui.tsx'

interface DocumentItem { id: string; kind: string; number: string; total: number; tax: number; currency: string; issuedAt: string; url: string }
type Totals = Order['totals'] & { taxes?: { rate: number; base: number; tax: number }[]; discountCodes?: { code: string; amount: number }[] }

export function OrderMoney({ o, loc }: { o: Order; loc: string }) {
  const { can } = useSession()
  const t = o.totals as Totals
  const m = (n: number) => money(n, t.currency, loc)
  return (
    <div className="cards">
      {(t.taxes?.length ?? 0) > 0 && (
        <section className="card" aria-label="Tax per rate">
          <h2>Tax per rate</h2>
          <table>
            <thead><tr><th className="num">Rate</th><th className="num">Net base</th><th className="num">Tax</th></tr></thead>
            <tbody>{t.taxes!.map((x) => <tr key={x.rate}><td className="num">{x.rate.toLocaleString(loc)} %</td><td className="num">{m(x.base)}</td><td className="num">{m(x.tax)}</td></tr>)}</tbody>
          </table>
          {(t.discountCodes?.length ?? 0) > 0 && <p>Discount codes: {t.discountCodes!.map((d) => `${d.code} (−${m(d.amount)})`).join(', ')}</p>}
        </section>
      )}
      {can('documents.read') && <Documents orderId={o.id} version={o.version} loc={loc} />}
    </div>
  )
}

function Documents({ orderId, version, loc }: { orderId: string; version: number; loc: string }) {
  const docs = useQuery({ queryKey: ['documents', orderId, version], queryFn: () => get<List<DocumentItem>>(`/orders/${orderId}/documents`) })
  return (
    <section className="card" aria-label="Documents">
      <h2>Documents</h2>
      <QueryState pending={docs.isPending} error={docs.error} retry={() => docs.refetch()} empty={docs.data?.items.length === 0} emptyText="No documents issued yet.">
        <ul className="items">
          {docs.data?.items.map((d) => (
            <li key={d.id}>
              {words(d.kind)} <strong>{d.number}</strong> · {date(d.issuedAt, loc)}{d.kind !== 'packing_slip' && <> · {money(d.total, d.currency, loc)}</>}
              {' '}<a href={d.url} target="_blank" rel="noopener">Open</a> · <a href={`${d.url}?download=true`} download>Download</a>
            </li>
          ))}
        </ul>
      </QueryState>
    </section>
  )
}
