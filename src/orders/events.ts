/** Every event an order change can emit: the one list. */
export const eventTypes = [
  'order.placed',
  'order.approval_required',
  'order.approved',
  'order.awaiting_payment',
  'order.paid',
  'order.in_progress',
  'order.partially_shipped',
  'order.completed',
  'order.cancelled',
  'order.returned',
  'order.note_added',
  'order.lines_cancelled',
  'delivery.allocated',
  'delivery.backordered',
  'delivery.packing',
  'delivery.ready_to_ship',
  'delivery.shipped',
  'delivery.delivered',
  'payment.authorized',
  'payment.captured',
  'payment.failed',
  'payment.refunded',
  'payment.voided',
  'payment.advised',
  'payment.overridden',
  // Money: documents issued (a shop's template for these e-mails gets the PDF attached) and payment reminders.
  'invoice.issued',
  'credit_note.issued',
  'packing_slip.issued',
  'order.reminder_sent',
  // Not an order change: written by the worker when it switches a failing webhook off.
  'webhook.disabled',
] as const

export type EventType = (typeof eventTypes)[number]
