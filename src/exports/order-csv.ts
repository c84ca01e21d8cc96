/**
 * The CSV export, formatted by the database: one row per order line, the order's columns
 * repeated, its deliveries and payments folded in as "number:status:carrier:tracking|..."
 * and "operation:amount:status|...". This is the one definition of the CSV row, used by the
 * streaming export (`ordo export`, GET /orders/export) and by the CSV exporters.
 *
 * Node receives each line as one finished piece of text, a few thousand at a time: it builds
 * no object per order or line, so memory stays at one fetch and the rate close to the
 * database's own `COPY`.
 */
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely'
import type pg from 'pg'
import { to as copyTo } from 'pg-copy-streams'
import type { Actor } from '../auth/actor.ts'
import type { Database } from '../db/database.ts'
import { poolOf } from '../db/database.ts'
import { inlineParameters } from '../db/inline-parameters.ts'
import { scopedOrders, type ExportFilter } from './export-filter.ts'
import { CopyTextUnescape } from './copy-text.ts'

export const csvColumns = [
  'order_id', 'number', 'invoice_number', 'shop', 'status', 'payment_status', 'payment_method', 'customer_id', 'customer_email', 'customer_name',
  'currency', 'subtotal', 'discount', 'shipping', 'tax', 'total', 'captured', 'refunded', 'created_at',
  'line_no', 'sku', 'name', 'quantity', 'cancelled_quantity', 'unit_price', 'line_amount', 'line_tax', 'deliveries', 'payments',
  // B2B fields (purchase-order reference, cost centre, who approved it)
  'po_reference', 'cost_centre', 'approver',
] as const

export const csvHeader = `${csvColumns.join(',')}\n`

// Characters no text of Ordo may hold (see shared/control-chars.ts); PostgreSQL text holds
// neither NUL nor lone surrogates, so these are the rest.
const controlChars = '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\uFFFE\\uFFFF]'
// A formula start to defuse: = + - @ tab CR and their full-width forms.
const formulaStart = '[-=+@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20]'
// A cell needing more than its text: a control character to drop, a formula start to defuse,
// or a quote, comma or line break to quote.
const special = `^${formulaStart}|[",\\n\\r]|${controlChars}`

/**
 * A text cell as csv-stringify writes it with `escape_formulas`: control characters dropped,
 * a formula start prefixed with ' (a spreadsheet shows it as text instead of running it),
 * quoted when it holds a quote, comma or line break. The common cell takes the fast branch.
 */
function text(expr: string): string {
  const clean = `regexp_replace(${expr}, '${controlChars}', '', 'g')`
  const defused = `case when ${clean} ~ '^${formulaStart}' then '''' || ${clean} else ${clean} end`
  const quoted = `case when (${defused}) ~ '[",\\n\\r]' then '"' || replace(${defused}, '"', '""') || '"' else ${defused} end`
  return `case when coalesce(${expr}, '') !~ '${special}' then coalesce(${expr}, '') else ${quoted} end`
}

/** A cell of the CSV row: its SQL, and whether it holds text that people typed (which may need `text`). */
interface Cell { sql: string; typed?: true }
const typed = (sql: string): Cell => ({ sql, typed: true })
const cells: Cell[] = [
  { sql: 'o.id::text' }, typed('o.number'), typed('o.invoice_number'), typed('o.shop_code'), { sql: 'o.status' },
  { sql: 'o.payment_status' }, { sql: 'o.payment_method' }, { sql: 'o.customer_id::text' }, typed('o.customer_email'),
  typed('o.customer_name'), { sql: 'o.currency' }, { sql: 'o.subtotal' }, { sql: 'o.discount' }, { sql: 'o.shipping' },
  { sql: 'o.tax' }, { sql: 'o.total' }, { sql: 'o.captured' }, { sql: 'o.refunded' },
  { sql: `to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` },
  { sql: 'l.line_no' }, typed('l.sku'), typed('l.name'), { sql: 'l.quantity' }, { sql: 'l.cancelled_quantity' },
  { sql: 'l.unit_price' }, { sql: 'l.amount' }, { sql: 'l.tax' },
  typed('dl.deliveries'), typed('pt.payments'), typed('b.po_reference'), typed('b.cost_centre'), typed('b.approver'),
]

// Every cell as text, joined by commas: concat_ws skips nulls, so each one is coalesced.
const joined = (cell: (c: Cell) => string) => `concat_ws(',', ${cells.map((c) => `coalesce((${cell(c)})::text, '')`).join(', ')})`
// One test per line instead of one per cell: the typed cells, each after a '|', hold no
// character that needs work and none starts with a formula sign. (A '|' inside a cell can
// only send a plain line to the careful branch, which writes it the same.)
const typedCells = `'|' || concat_ws('|', ${cells.filter((c) => c.typed).map((c) => c.sql).join(', ')})`
const plainLine = `(${typedCells}) !~ '\\|${formulaStart}|[",\\n\\r]|${controlChars}'`
const lineCsv = `case when ${plainLine} then ${joined((c) => c.sql)} else ${joined((c) => (c.typed ? text(c.sql) : c.sql))} end`

/** One row per order line of these orders, its CSV text (without the line break) in `csv`, newest order first. */
function csvLines(orders: SelectQueryBuilder<any, any, any> | RawBuilder<unknown>): RawBuilder<CsvLine> {
  return sql<CsvLine>`
    select o.id, o.created_at, ${sql.raw(lineCsv)} as csv
    from (${orders}) as o
    join order_lines l on l.order_id = o.id
    cross join lateral (
      select string_agg(concat_ws(':', d.number, d.status, coalesce(d.carrier, ''), coalesce(d.tracking_number, '')), '|' order by d.number) as deliveries
      from deliveries d where d.order_id = o.id) dl
    cross join lateral (
      select string_agg(concat_ws(':', t.operation, t.amount, t.status), '|' order by t.created_at, t.id) as payments
      from payment_transactions t where t.order_id = o.id) pt
    left join order_b2b b on b.order_id = o.id
    order by o.created_at desc, o.id desc, l.line_no`
}
interface CsvLine { id: string; created_at: Date; csv: string }

/**
 * The export as CSV: the header, then the lines, newest order first. On PostgreSQL one
 * `COPY` in a repeatable-read snapshot (a consistent export, planned as one query, its bytes
 * passed through as they come); on PGlite, whose one connection a long transaction would hold
 * from every other request, batches of orders by keyset (created_at, id).
 * `onRow` counts the CSV rows written (for a progress bar).
 */
export async function* streamOrdersCsv(db: Database, actor: Actor, filter: ExportFilter, batchSize = 1000, onRow?: () => void): AsyncGenerator<string | Buffer> {
  yield csvHeader
  const pool = poolOf(db)
  if (pool) {
    yield* throughCopy(db, pool, scopedOrders(db, actor, filter), onRow)
    return
  }
  for await (const rows of byKeyset(db, actor, filter, batchSize)) {
    let piece = ''
    for (const row of rows) { piece += `${row.csv}\n`; onRow?.() }
    yield piece
  }
}

/** The rows the CSV export writes for these filters (the total of the progress bar). */
export async function countCsvRows(db: Database, actor: Actor, filter: ExportFilter): Promise<number> {
  const row = await db.selectFrom('order_lines').select(sql<number>`count(*)::int`.as('n'))
    .where('order_id', 'in', scopedOrders(db, actor, filter).select('id')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * COPY takes no parameters, and the filters hold what staff typed: their values are written
 * into the query as quoted literals (inlineParameters), so PostgreSQL plans the filtered
 * export as the query it is. (Through a temporary table of the matching ids, a filter that
 * kept nearly every order was joined in the ids' order: 75 s against 25 s for a million.)
 * Nothing is written, so a read replica exports this way too.
 */
async function* throughCopy(db: Database, pool: pg.Pool, orders: ReturnType<typeof scopedOrders>, onRow?: () => void): AsyncGenerator<Buffer> {
  const client = await pool.connect()
  let finished = false
  let copy: ReturnType<typeof copyTo> | undefined
  try {
    await client.query('begin isolation level repeatable read')
    const lines = inlineParameters(csvLines(orders.selectAll()).compile(db))
    copy = client.query(copyTo(`copy (select csv from (${lines}) as lines) to stdout`))
    const rows = copy.pipe(new CopyTextUnescape(onRow))
    copy.on('error', (error) => rows.destroy(error))
    for await (const chunk of rows) yield chunk as Buffer
    await client.query('commit')
    finished = true
  } finally {
    // A failure, or a reader that stopped early (a client gone mid-download, the generator
    // returns here): the connection may be inside the COPY, so it is closed, not reused; the
    // COPY and the client then report the closed connection, which nobody is waiting for.
    if (!finished) {
      copy?.removeAllListeners('error').on('error', () => {})
      client.on('error', () => {})
    }
    client.release(!finished)
  }
}

async function* byKeyset(db: Database, actor: Actor, filter: ExportFilter, batchSize: number): AsyncGenerator<CsvLine[]> {
  let after: { at: Date; id: string } | undefined
  for (;;) {
    const batch = scopedOrders(db, actor, filter).selectAll()
      .$if(after !== undefined, (qb) => qb.where(sql<boolean>`(created_at, id) < (${after!.at}, ${after!.id}::uuid)`))
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(batchSize)
    const { rows } = await csvLines(batch).execute(db)
    if (rows.length === 0) return
    yield rows
    const last = rows.at(-1)!
    after = { at: last.created_at, id: last.id }
  }
}

/** One order as a CSV file of its own, with the header row (for the CSV exporters). */
export async function orderCsvDocument(db: Database, orderId: string): Promise<string> {
  const { rows } = await csvLines(db.selectFrom('orders').selectAll().where('id', '=', orderId)).execute(db)
  return csvHeader + rows.map((r) => `${r.csv}\n`).join('')
}
