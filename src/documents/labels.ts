/** The words on documents, in the shop's language (by the locale's language; English otherwise). */
const en = {
  invoice: 'Invoice', credit_note: 'Credit note', packing_slip: 'Packing slip', reminder: 'Payment reminder',
  number: 'Number', date: 'Date', order: 'Order', delivery: 'Delivery', dueDate: 'Due date', refersTo: 'Corrects invoice', reason: 'Reason',
  pos: 'Pos.', article: 'Article', quantity: 'Qty', unitPrice: 'Unit price', amount: 'Amount', vat: 'VAT',
  subtotal: 'Subtotal', discount: 'Discount', shipping: 'Shipping', total: 'Total', credited: 'Credited',
  taxSummary: 'VAT summary', rate: 'Rate', base: 'Net base', tax: 'VAT', included: 'VAT included', added: 'plus VAT',
  payTo: 'Please pay to', iban: 'IBAN', bic: 'BIC', reference: 'Reference', payWithin: 'Payable within {days} days, by {date}.',
  vatId: 'VAT id', shipTo: 'Ship to', billTo: 'Bill to', paid: 'Paid by {method}.', refund: 'The amount is refunded by the original means of payment.',
  orderCancelled: 'Order cancelled', linesCancelled: 'Items cancelled',
}
type Labels = typeof en
const de: Labels = {
  invoice: 'Rechnung', credit_note: 'Gutschrift', packing_slip: 'Lieferschein', reminder: 'Zahlungserinnerung',
  number: 'Nummer', date: 'Datum', order: 'Bestellung', delivery: 'Lieferung', dueDate: 'Fällig am', refersTo: 'Korrigiert Rechnung', reason: 'Grund',
  pos: 'Pos.', article: 'Artikel', quantity: 'Menge', unitPrice: 'Einzelpreis', amount: 'Betrag', vat: 'MWST',
  subtotal: 'Zwischensumme', discount: 'Rabatt', shipping: 'Versand', total: 'Total', credited: 'Gutgeschrieben',
  taxSummary: 'MWST-Zusammenfassung', rate: 'Satz', base: 'Nettobetrag', tax: 'MWST', included: 'inkl. MWST', added: 'zzgl. MWST',
  payTo: 'Bitte überweisen an', iban: 'IBAN', bic: 'BIC', reference: 'Referenz', payWithin: 'Zahlbar innert {days} Tagen, bis {date}.',
  vatId: 'MWST-Nr.', shipTo: 'Lieferadresse', billTo: 'Rechnungsadresse', paid: 'Bezahlt per {method}.', refund: 'Der Betrag wird auf dem ursprünglichen Zahlungsweg zurückerstattet.',
  orderCancelled: 'Bestellung storniert', linesCancelled: 'Positionen storniert',
}
const fr: Labels = {
  invoice: 'Facture', credit_note: 'Note de crédit', packing_slip: 'Bulletin de livraison', reminder: 'Rappel de paiement',
  number: 'Numéro', date: 'Date', order: 'Commande', delivery: 'Livraison', dueDate: 'Échéance', refersTo: 'Corrige la facture', reason: 'Motif',
  pos: 'Pos.', article: 'Article', quantity: 'Qté', unitPrice: 'Prix unitaire', amount: 'Montant', vat: 'TVA',
  subtotal: 'Sous-total', discount: 'Rabais', shipping: 'Livraison', total: 'Total', credited: 'Crédité',
  taxSummary: 'Récapitulatif TVA', rate: 'Taux', base: 'Base nette', tax: 'TVA', included: 'TVA incluse', added: 'plus TVA',
  payTo: 'Veuillez payer à', iban: 'IBAN', bic: 'BIC', reference: 'Référence', payWithin: 'Payable dans les {days} jours, jusqu’au {date}.',
  vatId: 'N° TVA', shipTo: 'Livrer à', billTo: 'Facturer à', paid: 'Payé par {method}.', refund: 'Le montant est remboursé par le moyen de paiement d’origine.',
  orderCancelled: 'Commande annulée', linesCancelled: 'Articles annulés',
}

export function labelsFor(locale: string): Labels {
  const lang = locale.slice(0, 2)
  return lang === 'de' ? de : lang === 'fr' ? fr : en
}

export const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''))
