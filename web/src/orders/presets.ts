/** The status presets of the order search (A12). */
export interface Preset { label: string; status: string[]; paymentStatus: string[]; hint: string }

export const presets: Preset[] = [
  { label: 'Needs action', status: ['awaiting_approval', 'awaiting_payment'], paymentStatus: [], hint: 'Waiting for approval or for a payment to be confirmed' },
  { label: 'Open', status: ['awaiting_approval', 'awaiting_payment', 'in_progress', 'partially_shipped'], paymentStatus: [], hint: 'Not finished yet' },
  { label: 'Shipped', status: ['partially_shipped', 'completed'], paymentStatus: [], hint: 'At least one delivery has gone out' },
  {
    label: 'Payment problems', status: ['awaiting_payment', 'in_progress', 'partially_shipped', 'completed'],
    paymentStatus: ['unpaid', 'advised', 'partially_paid'], hint: 'Payment failed or still awaited',
  },
  { label: 'Cancelled and returned', status: ['cancelled', 'returned'], paymentStatus: [], hint: 'Cancelled before shipping, or taken back' },
]
