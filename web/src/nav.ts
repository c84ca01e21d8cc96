/**
 * The main navigation, one entry per desk. A new area adds one line here (and its
 * <Route> in App.tsx); an entry shows to whoever holds any of its permissions.
 */
export interface NavEntry { to: string; label: string; anyOf: string[] }

export const adminPermissions = ['users.manage', 'roles.manage', 'tokens.manage', 'webhooks.manage', 'templates.manage', 'mail.read', 'exports.manage', 'jobs.read', 'audit.read']

export const navEntries: NavEntry[] = [
  { to: '/orders', label: 'Orders', anyOf: ['orders.read'] },
  { to: '/returns', label: 'Returns', anyOf: ['orders.read'] },
  { to: '/deliveries', label: 'Deliveries', anyOf: ['deliveries.fulfil', 'deliveries.ship'] },
  { to: '/payments', label: 'Payments', anyOf: ['payments.manage'] },
  { to: '/money', label: 'Money', anyOf: ['orders.read'] },
  { to: '/drafts', label: 'Drafts', anyOf: ['drafts.manage'] },
  { to: '/quotes', label: 'Quotes', anyOf: ['quotes.manage'] },
  { to: '/consultations', label: 'Consultations', anyOf: ['consultations.manage'] },
  { to: '/customers', label: 'Customers', anyOf: ['customers.read'] },
  { to: '/vouchers', label: 'Vouchers', anyOf: ['vouchers.read'] },
  { to: '/licences', label: 'Licences', anyOf: ['licences.read'] },
  { to: '/stock', label: 'Stock', anyOf: ['stock.read'] },
  { to: '/shops', label: 'Shops', anyOf: ['shops.read'] },
  { to: '/analytics', label: 'Analytics', anyOf: ['analytics.read'] },
  { to: '/reports/articles', label: 'Article report', anyOf: ['analytics.read'] },
  { to: '/admin', label: 'Admin', anyOf: adminPermissions },
  { to: '/system', label: 'System', anyOf: ['system.read'] },
]
