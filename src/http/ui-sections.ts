/**
 * The first path segment of every page of the admin UI (web/src/App.tsx). Only these paths
 * get the UI's index.html, so a bookmarked /orders/<id>?tab=history opens in the browser's
 * router while /metrics, /readyz or a mistyped API path answer 404 and monitors notice.
 * test/web-ui.test.ts checks this list against the routes of App.tsx.
 */
export const uiSections: readonly string[] = [
  'login', 'orders', 'customers', 'stock', 'shops', 'money',
  'deliveries', 'payments', 'returns', 'documents', 'discounts', 'drafts', 'quotes', 'consultations',
  'vouchers', 'licences', 'analytics', 'reports', 'admin', 'staff', 'roles', 'tokens', 'webhooks',
  'templates', 'mail', 'exports', 'jobs', 'audit', 'settings',
]

/** Whether a request path (already decoded by the router) is a page of the UI. */
export function isUiPage(path: string): boolean {
  if (path === '/') return true
  const match = /^\/([a-z-]+)(?:\/[^.]*)?$/.exec(path)
  return match !== null && uiSections.includes(match[1])
}
