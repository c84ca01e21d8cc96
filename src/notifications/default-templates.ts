/**
 * The built-in e-mails, one per event and recipient. A shop replaces any of them through
 * the API; these are what a new shop sends. Money is in minor units: `| money` formats it.
 */
export type Recipient = 'customer' | 'shop' | 'call_centre'
export const recipients: Recipient[] = ['customer', 'shop', 'call_centre']

export interface MailTemplate { subject: string; text: string; html: string }

const greeting = 'Dear {{ order.customer.name }},'
const signature = '{{ shop.name }}'
// The vouchers (their PDFs are attached) and licence keys an order sold (A20, A21).
const itemsText = '{% if vouchers.size > 0 %}\nYour vouchers (printable PDFs attached):\n{% for v in vouchers %}- {{ v.code }}: {{ v.value | money }} {{ v.currency }}{% if v.expiresAt %}, valid until {{ v.expiresAt }}{% endif %}\n{% endfor %}{% endif %}'
  + '{% if licences.size > 0 %}\nYour licence keys:\n{% for l in licences %}- {{ l.product }}: {{ l.key }}{% if l.expiresAt %} (valid until {{ l.expiresAt }}){% endif %}\n{% endfor %}{% endif %}'
const itemsHtml = '{% if vouchers.size > 0 %}Your vouchers (printable PDFs attached):<ul>{% for v in vouchers %}<li><b>{{ v.code }}</b>: {{ v.value | money }} {{ v.currency }}{% if v.expiresAt %}, valid until {{ v.expiresAt }}{% endif %}</li>{% endfor %}</ul>{% endif %}'
  + '{% if licences.size > 0 %}Your licence keys:<ul>{% for l in licences %}<li>{{ l.product }}: <b>{{ l.key }}</b>{% if l.expiresAt %} (valid until {{ l.expiresAt }}){% endif %}</li>{% endfor %}</ul>{% endif %}'
const htmlOf = (lines: string[]) => `<html><body>${lines.map((l) => `<p>${l}</p>`).join('')}</body></html>`

export const defaultTemplates: Record<string, Partial<Record<Recipient, MailTemplate>>> = {
  'order.placed': {
    customer: {
      subject: 'Your order {{ order.number }}',
      text: `${greeting}\n\nthank you for your order {{ order.number }} of {{ order.totals.total | money }} {{ order.totals.currency }}.\n{% for line in order.lines %}- {{ line.quantity }} x {{ line.name }} ({{ line.sku }}): {{ line.amount | money }}\n{% endfor %}\n${signature}`,
      html: htmlOf([greeting, 'thank you for your order <b>{{ order.number }}</b> of {{ order.totals.total | money }} {{ order.totals.currency }}.',
        '<ul>{% for line in order.lines %}<li>{{ line.quantity }} x {{ line.name }}: {{ line.amount | money }}</li>{% endfor %}</ul>', signature]),
    },
  },
  'order.approval_required': {
    shop: {
      subject: 'Order {{ order.number }} needs approval',
      text: 'Order {{ order.number }} of {{ order.customer.name }} ({{ order.totals.total | money }} {{ order.totals.currency }}) waits for approval: {{ order.approvalReasons | join: ", " }}.',
      html: htmlOf(['Order <b>{{ order.number }}</b> of {{ order.customer.name }} ({{ order.totals.total | money }} {{ order.totals.currency }}) waits for approval: {{ order.approvalReasons | join: ", " }}.']),
    },
  },
  'order.awaiting_payment': {
    customer: {
      subject: 'Payment for your order {{ order.number }}',
      text: `${greeting}\n\nplease transfer {{ order.payment.outstanding | money }} {{ order.totals.currency }} with the reference {{ order.number }}.\nBank details: {{ shop.bankDetails | default: "as on your invoice" }}\n\n${signature}`,
      html: htmlOf([greeting, 'please transfer <b>{{ order.payment.outstanding | money }} {{ order.totals.currency }}</b> with the reference <b>{{ order.number }}</b>.', 'Bank details: {{ shop.bankDetails | default: "as on your invoice" }}', signature]),
    },
  },
  'order.paid': {
    customer: {
      subject: 'Payment received for order {{ order.number }}',
      text: `${greeting}\n\nwe received your payment of {{ order.payment.captured | money }} {{ order.totals.currency }} for order {{ order.number }}.\n\n${signature}`,
      html: htmlOf([greeting, 'we received your payment of {{ order.payment.captured | money }} {{ order.totals.currency }} for order <b>{{ order.number }}</b>.', signature]),
    },
  },
  'delivery.shipped': {
    customer: {
      subject: 'Order {{ order.number }} is on its way',
      text: `${greeting}\n\ndelivery {{ delivery.number }} has left us with {{ delivery.carrier }}, tracking number {{ delivery.trackingNumber }}.{% if delivery.trackingUrl %}\nFollow it: {{ delivery.trackingUrl }}{% endif %}\n\n${signature}`,
      html: htmlOf([greeting, 'delivery {{ delivery.number }} has left us with {{ delivery.carrier }}, tracking number {% if delivery.trackingUrl %}<a href="{{ delivery.trackingUrl }}">{{ delivery.trackingNumber }}</a>{% else %}{{ delivery.trackingNumber }}{% endif %}.', signature]),
    },
  },
  'delivery.delivered': {
    customer: {
      subject: 'Order {{ order.number }} has arrived',
      text: `${greeting}\n\ndelivery {{ delivery.number }} of your order {{ order.number }} has been delivered.\n${itemsText}\n${signature}`,
      html: htmlOf([greeting, 'delivery {{ delivery.number }} of your order <b>{{ order.number }}</b> has been delivered.', itemsHtml, signature]),
    },
  },
  'licence.renewed': {
    customer: {
      subject: 'Your licence {{ event.key }} is renewed',
      text: `${greeting}\n\nyour licence key {{ event.key }} is renewed and now valid until {{ event.expiresAt | date: "%Y-%m-%d" }}.\n\n${signature}`,
      html: htmlOf([greeting, 'your licence key <b>{{ event.key }}</b> is renewed and now valid until {{ event.expiresAt | date: "%Y-%m-%d" }}.', signature]),
    },
  },
  'order.cancelled': {
    customer: {
      subject: 'Order {{ order.number }} is cancelled',
      text: `${greeting}\n\nyour order {{ order.number }} has been cancelled.{% if event.clientNote %}\n{{ event.clientNote }}{% endif %}\n\n${signature}`,
      html: htmlOf([greeting, 'your order <b>{{ order.number }}</b> has been cancelled.', '{{ event.clientNote }}', signature]),
    },
  },
  'payment.refunded': {
    customer: {
      subject: 'Refund for order {{ order.number }}',
      text: `${greeting}\n\nwe refunded {{ event.amount | money }} {{ order.totals.currency }} for order {{ order.number }}.\n\n${signature}`,
      html: htmlOf([greeting, 'we refunded {{ event.amount | money }} {{ order.totals.currency }} for order <b>{{ order.number }}</b>.', signature]),
    },
  },
  // After the sale: the customer quotes the RMA number on the parcel.
  'return.authorized': {
    customer: {
      subject: 'Your return {{ event.returnNumber }} for order {{ order.number }}',
      text: `${greeting}\n\nyour return is authorised. Please write the return number {{ event.returnNumber }} on the parcel.\n{% for line in event.lines %}- {{ line.quantity }} x {{ line.sku }}\n{% endfor %}{% if event.clientNote %}\n{{ event.clientNote }}\n{% endif %}\n${signature}`,
      html: htmlOf([greeting, 'your return is authorised. Please write the return number <b>{{ event.returnNumber }}</b> on the parcel.',
        '<ul>{% for line in event.lines %}<li>{{ line.quantity }} x {{ line.sku }}</li>{% endfor %}</ul>', '{{ event.clientNote }}', signature]),
    },
  },
  // Sent only when the edit asked for it (notifyCustomer: true).
  'order.edited': {
    customer: {
      subject: 'Your order {{ order.number }} was changed',
      text: `${greeting}\n\nyour order {{ order.number }} was changed as agreed:\n{% for change in event.changes %}- {{ change }}\n{% endfor %}\nThe total is now {{ order.totals.total | money }} {{ order.totals.currency }}.{% if event.clientNote %}\n{{ event.clientNote }}{% endif %}\n\n${signature}`,
      html: htmlOf([greeting, 'your order <b>{{ order.number }}</b> was changed as agreed:',
        '<ul>{% for change in event.changes %}<li>{{ change }}</li>{% endfor %}</ul>', 'The total is now {{ order.totals.total | money }} {{ order.totals.currency }}.', '{{ event.clientNote }}', signature]),
    },
  },
  'delivery.backordered': {
    shop: {
      subject: 'Back-order: order {{ order.number }} waits for stock',
      text: 'Order {{ order.number }} waits for stock:\n{% for line in event.lines %}- {{ line.quantity }} x {{ line.sku }}\n{% endfor %}',
      html: htmlOf(['Order <b>{{ order.number }}</b> waits for stock:', '<ul>{% for line in event.lines %}<li>{{ line.quantity }} x {{ line.sku }}</li>{% endfor %}</ul>']),
    },
  },
  // Money: payment reminders, one per level.
  'order.reminder_sent': {
    customer: {
      subject: 'Payment reminder {{ event.level }}: order {{ order.number }}',
      text: `${greeting}\n\nour invoice {{ order.invoiceNumber }} for order {{ order.number }} was due on {{ event.dueDate }}, and {{ event.outstanding | money }} {{ order.totals.currency }} is still open.{% if event.fees > 0 %} Reminder fees: {{ event.fees | money }} {{ order.totals.currency }}.{% endif %}\nPlease transfer it with the reference {{ order.number }}.\nBank details: {{ shop.bankDetails | default: "as on your invoice" }}\n\n${signature}`,
      html: htmlOf([greeting, 'our invoice <b>{{ order.invoiceNumber }}</b> for order <b>{{ order.number }}</b> was due on {{ event.dueDate }}, and <b>{{ event.outstanding | money }} {{ order.totals.currency }}</b> is still open.{% if event.fees > 0 %} Reminder fees: {{ event.fees | money }} {{ order.totals.currency }}.{% endif %}',
        'Please transfer it with the reference <b>{{ order.number }}</b>.', 'Bank details: {{ shop.bankDetails | default: "as on your invoice" }}', signature]),
    },
  },
  'webhook.disabled': {
    shop: {
      subject: 'A webhook was switched off',
      text: 'The webhook to {{ event.url }} failed {{ event.failures }} deliveries in a row and has been switched off. Fix the receiver, then switch it on again.',
      html: htmlOf(['The webhook to {{ event.url }} failed {{ event.failures }} deliveries in a row and has been switched off.', 'Fix the receiver, then switch it on again.']),
    },
  },
  // Quotes and handed-back drafts: no order yet, the event says what and to whom.
  'quote.proposed': {
    customer: {
      subject: 'Your quote {{ event.number }} from {{ shop.name }}',
      text: 'Dear {{ event.customerName }},\n\nhere is our offer {{ event.number }}, valid until {{ event.quote.validUntil }}:\n{% for line in event.quote.lines %}- {{ line.quantity }} x {{ line.name }} ({{ line.sku }}) at {{ line.unitPrice | money }}: {{ line.amount | money }}\n{% endfor %}Total: {{ event.quote.totals.total | money }} {{ event.quote.totals.currency }}\n{% if event.note %}\n{{ event.note }}\n{% endif %}\n' + signature,
      html: htmlOf(['Dear {{ event.customerName }},', 'here is our offer <b>{{ event.number }}</b>, valid until {{ event.quote.validUntil }}:',
        '<ul>{% for line in event.quote.lines %}<li>{{ line.quantity }} x {{ line.name }} at {{ line.unitPrice | money }}: {{ line.amount | money }}</li>{% endfor %}</ul>',
        'Total: <b>{{ event.quote.totals.total | money }} {{ event.quote.totals.currency }}</b>', '{{ event.note }}', signature]),
    },
  },
  'draft.handed_back': {
    customer: {
      subject: 'Finish your order at {{ shop.name }}',
      text: 'Dear {{ event.customerName }},\n\nyour order is ready for you to finish. Use the code {{ event.code }} at checkout.\n\n' + signature,
      html: htmlOf(['Dear {{ event.customerName }},', 'your order is ready for you to finish. Use the code <b>{{ event.code }}</b> at checkout.', signature]),
    },
  },
}
