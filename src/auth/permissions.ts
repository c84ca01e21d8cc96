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
  'templates.manage': "Edit a shop's e-mail templates and recipients",
  'webhooks.manage': 'Manage webhook subscriptions and redeliver',
  'orders.bulk': 'Run actions, e-mails and exports on many orders at once',
  'users.manage': 'Manage staff accounts',
  'roles.manage': 'Manage roles',
  'tokens.manage': 'Manage API tokens',
  'audit.read': 'Read the audit log of administrative actions',
} as const

export type Permission = keyof typeof permissions
export const allPermissions = Object.keys(permissions) as Permission[]
export const isPermission = (p: string): p is Permission => Object.hasOwn(permissions, p)

const reading: Permission[] = ['orders.read', 'customers.read', 'catalog.read', 'stock.read', 'shops.read']

export const builtInRoles: Record<string, { name: string; permissions: Permission[] }> = {
  administrator: { name: 'Administrator', permissions: allPermissions },
  call_centre: {
    name: 'Call centre',
    permissions: [...reading, 'orders.create', 'orders.approve', 'orders.cancel', 'orders.notes', 'customers.write', 'mail.read', 'orders.bulk'],
  },
  fulfilment: { name: 'Fulfilment', permissions: [...reading, 'deliveries.fulfil'] },
  logistics: { name: 'Logistics', permissions: [...reading, 'deliveries.ship'] },
  finance: { name: 'Finance', permissions: [...reading, 'payments.manage', 'orders.return', 'exports.run', 'exports.manage', 'jobs.read', 'orders.bulk'] },
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
