/**
 * The export formats. CSV has one row per order line (the order's columns repeated), the
 * usual shape for spreadsheets and ERPs, and is formatted by the database (order-csv.ts);
 * XML and JSON Lines keep the full structure and are built in JavaScript, order by order
 * (order-encode.ts, loaded only by the exports that write them).
 */
export const exportFormats = ['csv', 'xml', 'jsonl'] as const
export type ExportFormat = (typeof exportFormats)[number]

export const mediaTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
}
