/**
 * SQL expressions that indexes are built on. A query finds the index only when it spells
 * the expression exactly as the index does, so the migration that creates the index and
 * the search that uses it both take the text from here. Changing one of these needs a
 * new migration that rebuilds its index.
 */

/** Digits of the billing and shipping phone, `|` between them (index orders_phone_trgm). */
export const orderPhoneDigits = `regexp_replace(coalesce(billing_address->>'phone', '') || '|' || coalesce(shipping_address->>'phone', ''), '[^0-9|]', '', 'g')`

/** A number without its letter prefix, `CH-100098` -> `100098` (indexes orders_number_digits, orders_invoice_digits). */
export const numberDigits = (column: string) => `regexp_replace(lower(${column}), '^[^0-9]+', '')`

/** Digits of a customer's phone (index customers_phone_trgm). */
export const customerPhoneDigits = `regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g')`
