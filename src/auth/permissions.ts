/**
 * Every permission there is, and the built-in roles made of them. A route names the
 * permission it needs; one hook checks it for every route (see http/access.hook.ts).
 */
export const permissions = {
  'orders.read': 'See orders, their history and payments',
  'orders.create': 'Place orders for customers',
  'orders.approve': 'Approve held orders',
  'orders.cancel': 'Cancel orders and single lines',
  'orders.return': 'Take back shipped orders and refund them',
  'orders.notes': 'Add notes to orders',
  'payments.manage': 'Confirm, advise and override payments',
  'deliveries.fulfil': 'Pack deliveries and mark them ready to ship',
  'deliveries.ship': 'Ship deliveries and confirm their delivery',
  'customers.read': 'See customers',
  'customers.write': 'Add customers and edit their data and flags',
  'catalog.read': 'See products',
  'catalog.write': 'Add and change products',
  'stock.read': 'See warehouses and stock',
  'stock.write': 'Add warehouses and set stock',
  'shops.read': 'See shops and their settings',
  'shops.write': 'Open shops and change their settings',
  'jobs.run': 'Run background jobs now',
  'exports.run': 'Export orders',
  'exports.manage': 'Configure the export pipeline and block orders from export',
  'jobs.read': 'See background jobs, their state and results',
  'mail.read': 'Read the e-mails Ordo sent',
  'mail.send': 'Send e-mails to customers on demand (one order or many)',
  'templates.manage': "Edit a shop's e-mail templates and recipients",
  'webhooks.manage': 'Manage webhook subscriptions and redeliver',
  'orders.bulk': 'Run actions, e-mails and exports on many orders at once',
  'users.manage': 'Manage staff accounts',
  'roles.manage': 'Manage roles',
  'tokens.manage': 'Manage API tokens',
  'audit.read': 'Read the audit log of administrative actions',
  // After the sale (returns/, order edits)
  'orders.edit': 'Edit orders before fulfilment: addresses, contact, lines and deliveries',
  'returns.manage': 'Authorise, receive and refund returns; refund without a return',
  // Money (documents/, dunning/, tax and discounts)
  'documents.read': 'See and download invoices, credit notes and packing slips',
  'discounts.manage': 'Create and change discount codes',
  'taxes.manage': 'Set tax classes and rates',
  'dunning.manage': 'Run and configure payment reminders',
  // Drafts, quotes and consultations
  'drafts.manage': 'Create, edit, hold and place draft orders',
  'prices.override': 'Override prices on drafts and quotes (with a reason)',
  'quotes.manage': 'Propose, send and convert requests for quote',
  'consultations.manage': 'Handle consultation requests',
  // Vouchers and licences
  'vouchers.read': 'See vouchers, their balances and history',
  'vouchers.manage': 'Change, void and redeem vouchers',
  'licences.read': 'See licence keys and activations',
  'licences.manage': 'Import, renew and revoke licence keys',
  // Customers and analytics
  'customers.merge': 'Merge duplicate customers',
  'customers.privacy': "Export and erase a customer's personal data",
  'analytics.read': 'See reports and analytics',
  // Operations
  'system.read': 'See metrics and the health of the system',
} as const

export type Permission = keyof typeof permissions
export const allPermissions = Object.keys(permissions) as Permission[]
export const isPermission = (p: string): p is Permission => Object.hasOwn(permissions, p)

const reading: Permission[] = ['orders.read', 'customers.read', 'catalog.read', 'stock.read', 'shops.read']

export const builtInRoles: Record<string, { name: string; permissions: Permission[] }> = {
  administrator: { name: 'Administrator', permissions: allPermissions },
  call_centre: {
    name: 'Call centre',
    permissions: [
      ...reading, 'orders.create', 'orders.approve', 'orders.cancel', 'orders.notes', 'customers.write', 'mail.read', 'mail.send', 'orders.bulk',
      'orders.edit', 'returns.manage', 'documents.read', 'drafts.manage', 'quotes.manage', 'consultations.manage',
      'vouchers.read', 'vouchers.manage', 'licences.read', 'customers.merge',
    ],
  },
  fulfilment: { name: 'Fulfilment', permissions: [...reading, 'deliveries.fulfil', 'documents.read'] },
  logistics: { name: 'Logistics', permissions: [...reading, 'deliveries.ship', 'documents.read'] },
  finance: {
    name: 'Finance',
    permissions: [
      ...reading, 'payments.manage', 'orders.return', 'exports.run', 'exports.manage', 'jobs.read', 'orders.bulk',
      'returns.manage', 'documents.read', 'discounts.manage', 'taxes.manage', 'dunning.manage', 'vouchers.read', 'vouchers.manage',
      'licences.read', 'analytics.read',
    ],
  },
  read_only: { name: 'Read only', permissions: reading },
}

/** The permission each order and delivery action needs. */
export const actionPermissions: Record<string, Permission> = {
  approve: 'orders.approve',
  'confirm-payment': 'payments.manage',
  'advise-payment': 'payments.manage',
  'override-payment': 'payments.manage',
  cancel: 'orders.cancel',
  'cancel-lines': 'orders.cancel',
  return: 'orders.return',
  pack: 'deliveries.fulfil',
  ready: 'deliveries.fulfil',
  ship: 'deliveries.ship',
  deliver: 'deliveries.ship',
}
