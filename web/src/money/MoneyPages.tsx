/** Money desk: billing settings and tax rates per shop, discount codes, overdue invoices. */
import { Link, Navigate, Route, Routes, useLocation } from 'react-router'
import { useSession } from '../session.tsx'
import { BillingSettings } from './BillingSettings.tsx'
import { Discounts } from './Discounts.tsx'
import { Overdue } from './Overdue.tsx'

export function MoneyPages() {
  const { can } = useSession()
  const { pathname } = useLocation()
  const tab = (to: string, label: string) => (
    <Link to={to} role="tab" aria-selected={pathname.startsWith(to)} aria-current={pathname.startsWith(to) ? 'page' : undefined}>{label}</Link>
  )
  return (
    <section aria-labelledby="money-title">
      <div className="page-head"><h1 id="money-title">Money</h1></div>
      <div className="tabs" role="tablist" aria-label="Money">
        {tab('/money/overdue', 'Overdue invoices')}
        {tab('/money/discounts', 'Discount codes')}
        {can('shops.read') && tab('/money/billing', 'Billing and tax settings')}
      </div>
      <Routes>
        <Route index element={<Navigate to="overdue" replace />} />
        <Route path="overdue" element={<Overdue />} />
        <Route path="discounts" element={<Discounts />} />
        <Route path="billing" element={<BillingSettings />} />
      </Routes>
    </section>
  )
}
