/** The shapes the Vouchers and Licences areas read from the API. */
export interface Voucher {
  id: string; code: string; shop: string; currency: string; value: number; balance: number
  status: 'active' | 'redeemed' | 'expired' | 'voided'; expiresAt: string | null
  orderId: string | null; orderNumber: string | null; recipient: string | null; message: string | null
  notes: string | null; layout: string; createdAt: string; updatedAt: string
}
export interface VoucherEntry {
  at: string; type: string; amount: number | null; balance: number; reference: string | null
  orderId: string | null; note: string | null; actor: { kind: string; id: string; name: string }
}
export interface Activation { id: string; machine: string; activatedAt: string; deactivatedAt: string | null }
export interface Licence {
  id: string; key: string; sku: string; productName: string | null; shop: string; status: 'active' | 'revoked'; expired: boolean
  source: string; activationLimit: number; activeActivations: number; expiresAt: string | null
  orderId: string | null; orderNumber: string | null; customerEmail: string | null; createdAt: string; activations?: Activation[]
}
export interface LicenceEntry { at: string; type: string; note: string | null; actor: { kind: string; id: string; name: string } }
