import { NavLink, Navigate, Route, Routes } from 'react-router'
import { SessionGate, useSession } from './session.tsx'
import { OrderList } from './orders/OrderList.tsx'
import { OrderDetail } from './orders/OrderDetail.tsx'
import { CustomerList, CustomerDetail } from './customers/Customers.tsx'
import { StockPage } from './stock/Stock.tsx'
import { ShopSettings } from './shops/Shops.tsx'
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
  return (
    <>
      <a href="#main" className="skip">Skip to content</a>
      <header className="top">
        <span className="brand">Ordo</span>
        <nav aria-label="Main">
          {can('orders.read') && <NavLink to="/orders">Orders</NavLink>}
          {can('customers.read') && <NavLink to="/customers">Customers</NavLink>}
          {can('stock.read') && <NavLink to="/stock">Stock</NavLink>}
          {can('shops.read') && <NavLink to="/shops">Shops</NavLink>}
          {can('system.read') && <NavLink to="/system">System</NavLink>}
        </nav>
        <span className="who" title={me.email ?? undefined}>{me.name} · {me.role.replace(/_/g, ' ')}</span>
        <button type="button" onClick={logout}>Log out</button>
      </header>
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<Navigate to="/orders" replace />} />
          <Route path="/orders" element={<OrderList />} />
          <Route path="/orders/:id" element={<OrderDetail />} />
          <Route path="/customers" element={<CustomerList />} />
          <Route path="/customers/:id" element={<CustomerDetail />} />
          <Route path="/stock" element={<StockPage />} />
          <Route path="/shops" element={<ShopSettings />} />
          <Route path="/system" element={<SystemPage />} />
          <Route path="*" element={<p className="page-message">There is no page here. <a href="/orders">Go to the orders</a>.</p>} />
        </Routes>
      </main>
    </>
  )
}
