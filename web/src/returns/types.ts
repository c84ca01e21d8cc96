/** Returns as the API shows them (see /openapi.json, "Returns and refunds"). */
export interface ReturnLine {
  lineId: string; sku: string; quantity: number; received: number; restocked: number; writtenOff: number
  warehouse: string | null; unitValue: number
}
export interface Return {
  id: string; number: string; orderId: string; orderNumber?: string; shop: string
  status: 'authorized' | 'received' | 'refunded' | 'cancelled'; reason: string; note: string | null; refunded: number
  lines: ReturnLine[]; allowedActions: ('receive' | 'refund' | 'cancel')[]; createdBy: string; createdAt: string; updatedAt: string
}
