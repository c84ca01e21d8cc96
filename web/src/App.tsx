import { lazy, Suspense } from 'react'
import { NavLink, Navigate, Route, Routes } from 'react-router'
import { SessionGate, useSession } from './session.tsx'
import { navEntries } from './nav.ts'
import { useDensity } from './density.ts'
import { OrderList } from './orders/OrderList.tsx'
import { OrderDetail } from './orders/OrderDetail.tsx'
import { CustomerList, CustomerDetail } from './customers/Customers.tsx'
import { StockPage } from './stock/Stock.tsx'
import { ShopSettings } from './shops/Shops.tsx'
import { DeliveryQueue } from './deliveries/DeliveryQueue.tsx'
import { PaymentsDesk } from './payments/PaymentsDesk.tsx'
import { AdminPages } from './admin/AdminPages.tsx'
import { ReturnList } from './returns/ReturnList.tsx'
import { MoneyPages } from './money/MoneyPages.tsx'
import { DraftList, NewOrder } from './drafts/DraftList.tsx'
import { DraftEditor } from './drafts/DraftEditor.tsx'
import { QuoteDetail, QuoteList } from './quotes/Quotes.tsx'
import { ConsultationDetail, ConsultationList } from './consultations/Consultations.tsx'
import { VoucherDetail, VoucherList } from './vouchers/Vouchers.tsx'
import { LicenceDetail, LicenceList } from './licences/Licences.tsx'
import { ArticleReport } from './analytics/ArticleReport.tsx'
// The dashboard's chart library loads only when the dashboard opens.
const Dashboard = lazy(() => import('./analytics/Dashboard.tsx'))
import { SystemPage } from './system/System.tsx'

export function App() {
  return (
    <SessionGate>
      <Shell />
    </SessionGate>
  )
}

function Shell() {
  const { me, can, logout } = useSession()
  const [density, setDensity] = useDensity()
  return (
    <>
      <a href="#main" className="skip">Skip to content</a>
      <header className="top">
        <span className="brand">Ordo</span>
        <nav aria-label="Main">
          {navEntries.filter((e) => e.anyOf.some(can)).map((e) => <NavLink key={e.to} to={e.to}>{e.label}</NavLink>)}
        </nav>
        <button type="button" className="density" aria-pressed={density === 'compact'} title="Show more rows on a screen"
          onClick={() => setDensity(density === 'compact' ? 'comfortable' : 'compact')}>Compact</button>
        <span className="who" title={me.email ?? undefined}>{me.name} · {me.role.replace(/_/g, ' ')}</span>
        <button type="button" onClick={logout}>Log out</button>
      </header>
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<Navigate to="/orders" replace />} />
          <Route path="/orders" element={<OrderList />} />
          <Route path="/orders/:id" element={<OrderDetail />} />
          <Route path="/deliveries" element={<DeliveryQueue />} />
          <Route path="/payments" element={<PaymentsDesk />} />
          <Route path="/returns" element={<ReturnList />} />
          <Route path="/customers" element={<CustomerList />} />
          <Route path="/customers/:id" element={<CustomerDetail />} />
          <Route path="/stock" element={<StockPage />} />
          <Route path="/shops" element={<ShopSettings />} />
          <Route path="/admin/*" element={<AdminPages />} />
          <Route path="/money/*" element={<MoneyPages />} />
          <Route path="/drafts" element={<DraftList />} />
          <Route path="/drafts/new" element={<NewOrder />} />
          <Route path="/drafts/:id" element={<DraftEditor />} />
          <Route path="/quotes" element={<QuoteList />} />
          <Route path="/quotes/:id" element={<QuoteDetail />} />
          <Route path="/consultations" element={<ConsultationList />} />
          <Route path="/consultations/:id" element={<ConsultationDetail />} />
          <Route path="/vouchers" element={<VoucherList />} />
          <Route path="/vouchers/:code" element={<VoucherDetail />} />
          <Route path="/licences" element={<LicenceList />} />
          <Route path="/licences/:key" element={<LicenceDetail />} />
          <Route path="/analytics" element={<Suspense fallback={<p className="state" role="status">Loading…</p>}><Dashboard /></Suspense>} />
          <Route path="/reports/articles" element={<ArticleReport />} />
          <Route path="/system" element={<SystemPage />} />
          <Route path="*" element={<p className="page-message">There is no page here. <a href="/orders">Go to the orders</a>.</p>} />
        </Routes>
      </main>
    </>
  )
}
