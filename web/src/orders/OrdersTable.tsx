/** The order table of the list and of a customer's history: sortable on the server, with each row's actions. */
import { useMemo } from 'react'
import { Link } from 'react-router'
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table'
import type { OrderSummary } from '../types.ts'
import { actionLabel, dateTime } from '../format.ts'
import { Badge, Money } from '../ui.tsx'
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
  const columns = useMemo(() => [
    col.accessor('number', {
      header: 'Number', meta: { sort: 'number' },
      cell: (c) => (
        <>
          <Link to={`/orders/${c.row.original.id}`} className="order-link">{c.getValue()}</Link>
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
      cell: (c) => <><Badge status={c.getValue()} /><div className="muted small">{c.row.original.paymentMethod.replace(/_/g, ' ')}</div></>,
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
        </>
      },
    }),
    ...(onAction ? [col.display({
      id: 'actions', header: 'Actions',
      cell: (c) => (
        <div className="row-actions">
          {c.row.original.allowedActions.filter((a) => a !== 'cancel-lines').map((a) => (
            <button key={a} type="button" className={a === 'cancel' || a === 'return' ? 'small danger' : 'small'}
              onClick={() => onAction(c.row.original, a)} aria-label={`${actionLabel(a)} ${c.row.original.number}`}>{actionLabel(a)}</button>
          ))}
        </div>
      ),
    })] : []),
  ], [locale, onAction, showShop, showCustomer, showCity])
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
                return <td key={c.id} className={classOf(c.column.columnDef.meta as Meta | undefined)}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
