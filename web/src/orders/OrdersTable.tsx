/** The order table of the list and of a customer's history: sortable on the server, with each row's actions. */
import { useMemo } from 'react'
import { Link, useLocation } from 'react-router'
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table'
import type { OrderSummary } from '../types.ts'
import { actionLabel, dateTime, words } from '../format.ts'
import { ActionMenu, Badge, Money } from '../ui.tsx'
import { useSession } from '../session.tsx'

const col = createColumnHelper<OrderSummary>()
interface Meta { sort?: string; numeric?: boolean; nowrap?: boolean; className?: string }
const classOf = (m?: Meta) => [m?.numeric && 'num', m?.nowrap && 'nowrap', m?.className].filter(Boolean).join(' ') || undefined

/** `sort` is the API's: `-createdAt`, `total`, ... */
export function OrdersTable({ items, sort, onSort, onAction, showShop = true, showCustomer = true, showCity = false }: {
  items: OrderSummary[]
  sort?: string
  onSort?: (sort: string) => void
  onAction?: (order: OrderSummary, action: string) => void
  showShop?: boolean
  showCustomer?: boolean
  /** On an address search (`@...`), the city of each order. */
  showCity?: boolean
}) {
  const { locale } = useSession()
  const location = useLocation()
  const back = { to: location.pathname + location.search, state: location.state, label: location.pathname.startsWith('/customers') ? 'Customer' : 'Orders' }
  const columns = useMemo(() => [
    col.accessor('number', {
      header: 'Number', meta: { sort: 'number' },
      cell: (c) => (
        <>
          <Link to={`/orders/${c.row.original.id}`} state={{ back }} className="order-link">{c.getValue()}</Link>
          {c.row.original.invoiceNumber && <div className="muted small">{c.row.original.invoiceNumber}</div>}
        </>
      ),
    }),
    col.accessor('createdAt', { header: 'Placed', meta: { sort: 'createdAt', nowrap: true }, cell: (c) => dateTime(c.getValue(), locale(c.row.original.shop)) }),
    ...(showCustomer ? [col.accessor((o) => o.customer.name, {
      id: 'customer', header: 'Customer', meta: { sort: 'customer' },
      cell: (c) => <>{c.getValue()}<div className="muted small email">{c.row.original.customer.email}</div></>,
    })] : []),
    ...(showCity ? [col.accessor((o) => o.city ?? '', { id: 'city', header: 'City' })] : []),
    ...(showShop ? [col.accessor('shop', { header: 'Shop', meta: { className: 'col-shop' } })] : []),
    col.accessor('status', { header: 'Status', meta: { sort: 'status' }, cell: (c) => <Badge status={c.getValue()} /> }),
    col.accessor('paymentStatus', {
      header: 'Payment', meta: { sort: 'paymentStatus' },
      cell: (c) => <><Badge status={c.getValue()} /><div className="muted small">{words(c.row.original.paymentMethod).toLowerCase()}</div></>,
    }),
    col.accessor('total', {
      header: 'Total', meta: { sort: 'total', numeric: true },
      cell: (c) => <Money amount={c.getValue()} currency={c.row.original.currency} locale={locale(c.row.original.shop)} />,
    }),
    col.accessor('captured', {
      header: 'Captured', meta: { sort: 'captured', numeric: true, className: 'col-captured' },
      cell: (c) => {
        const o = c.row.original
        return <>
          <Money amount={c.getValue()} currency={o.currency} locale={locale(o.shop)} />
          {o.refunded > 0 && <div className="muted small">refunded <Money amount={o.refunded} currency={o.currency} locale={locale(o.shop)} /></div>}
          {/* Lines cancelled after payment leave more kept than the order is worth now: say why. */}
          {o.captured - o.refunded > o.total && o.status !== 'cancelled' && o.status !== 'returned' && (
            <div className="badge warn" title="More was captured than the order now totals, e.g. after cancelled lines">
              <Money amount={o.captured - o.refunded - o.total} currency={o.currency} locale={locale(o.shop)} /> over the total
            </div>
          )}
        </>
      },
    }),
    ...(onAction ? [col.display({
      id: 'actions', header: 'Actions',
      cell: (c) => (
        <ActionMenu label={`Actions for order ${c.row.original.number}`}
          actions={c.row.original.allowedActions.filter((a) => a !== 'cancel-lines').map((a) => ({
            key: a, label: actionLabel(a), danger: a === 'cancel' || a === 'return', run: () => onAction(c.row.original, a),
          }))} />
      ),
    })] : []),
  ], [locale, onAction, showShop, showCustomer, showCity, back.to, back.state]) // eslint-disable-line react-hooks/exhaustive-deps
  const table = useReactTable({ data: items, columns, getCoreRowModel: getCoreRowModel(), manualSorting: true, getRowId: (o) => o.id })

  const descending = sort?.startsWith('-') ?? true
  const sortKey = sort?.replace(/^-/, '') ?? 'createdAt'
  return (
    <div className="table-wrap">
      <table className="orders">
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => {
                const meta = h.column.columnDef.meta as Meta | undefined
                const active = meta?.sort === sortKey
                const label = flexRender(h.column.columnDef.header, h.getContext())
                return (
                  <th key={h.id} className={classOf(meta)}
                    aria-sort={active ? (descending ? 'descending' : 'ascending') : undefined}>
                    {meta?.sort && onSort ? (
                      <button type="button" className="sort" onClick={() => {
                        const key = meta.sort!
                        // A new column starts with what is most useful first: newest, largest, A to Z.
                        const next = active ? (descending ? key : `-${key}`) : (['createdAt', 'total', 'captured'].includes(key) ? `-${key}` : key)
                        onSort(next)
                      }}>{label}<span aria-hidden="true" className="arrow">{active ? (descending ? '▼' : '▲') : '↕'}</span></button>
                    ) : label}
                  </th>
                )
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((r) => (
            <tr key={r.id}>
              {r.getVisibleCells().map((c) => {
                const header = c.column.columnDef.header
                return <td key={c.id} data-label={typeof header === 'string' ? header : undefined} className={classOf(c.column.columnDef.meta as Meta | undefined)}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
