/**
 * What must be true of the data after any amount of concurrent work, faults or crashes.
 * Each check returns the violations it found (empty when all is well), so a failure
 * says exactly which order, delivery or stock row is wrong.
 */
import { sql } from 'kysely'
import type { Database } from '../../src/db/database.ts'

const reserving = ['awaiting_allocation', 'allocated', 'packing', 'ready_to_ship']

/** Stock: never negative, reserved within on hand, reserved equal to what open deliveries hold. */
export async function stockViolations(db: Database): Promise<string[]> {
  const { rows } = await sql<{ sku: string; warehouse_code: string; on_hand: number; reserved: number; held: number }>`
    select s.sku, s.warehouse_code, s.on_hand, s.reserved,
           coalesce((select sum(dl.quantity) from delivery_lines dl join deliveries d on d.id = dl.delivery_id
                     where dl.sku = s.sku and d.warehouse_code = s.warehouse_code and d.status = any(${reserving})), 0)::int as held
    from stock_levels s`.execute(db)
  return rows.flatMap((r) => [
    ...(r.on_hand < 0 || r.reserved < 0 ? [`${r.sku}@${r.warehouse_code}: negative (${r.on_hand}/${r.reserved})`] : []),
    ...(r.reserved > r.on_hand ? [`${r.sku}@${r.warehouse_code}: reserved ${r.reserved} > on hand ${r.on_hand}`] : []),
    ...(r.reserved !== r.held ? [`${r.sku}@${r.warehouse_code}: reserved ${r.reserved} but open deliveries hold ${r.held}`] : []),
  ])
}

/** On hand equals what was there, plus what was received, minus what went out (and did not come back). */
export async function onHandViolations(db: Database, expectedBase: Map<string, number>): Promise<string[]> {
  const { rows } = await sql<{ sku: string; warehouse_code: string; on_hand: number; out: number }>`
    select s.sku, s.warehouse_code, s.on_hand,
           coalesce((select sum(dl.quantity) from delivery_lines dl join deliveries d on d.id = dl.delivery_id
                     where dl.sku = s.sku and d.warehouse_code = s.warehouse_code and d.status in ('shipped', 'delivered')), 0)::int as out
    from stock_levels s`.execute(db)
  return rows.flatMap((r) => {
    const base = expectedBase.get(`${r.warehouse_code}/${r.sku}`)
    if (base === undefined) return []
    return r.on_hand === base - r.out ? [] : [`${r.sku}@${r.warehouse_code}: on hand ${r.on_hand}, expected ${base} - ${r.out} shipped`]
  })
}

/** Money: the order's amounts are its successful transactions, and never more than its total is kept. */
export async function moneyViolations(db: Database): Promise<string[]> {
  const { rows } = await sql<{ number: string; status: string; total: number; authorized: number; captured: number; refunded: number; t_captured: number; t_refunded: number; t_authorized: number }>`
    select o.number, o.status, o.total, o.authorized, o.captured, o.refunded,
      coalesce(sum(t.amount) filter (where t.status = 'succeeded' and t.operation in ('AUTH_CAPTURE', 'CAPTURE', 'OFFLINE', 'OVERRIDE')), 0)::bigint as t_captured,
      coalesce(sum(t.amount) filter (where t.status = 'succeeded' and t.operation in ('REFUND', 'OFFLINE_REFUND')), 0)::bigint as t_refunded,
      coalesce(sum(case when t.status <> 'succeeded' then 0 when t.operation in ('AUTH', 'AUTH_CAPTURE') then t.amount when t.operation = 'VOID' then -t.amount else 0 end), 0)::bigint as t_authorized
    from orders o left join payment_transactions t on t.order_id = o.id
    group by o.id`.execute(db)
  return rows.flatMap((r) => {
    const net = Number(r.captured) - Number(r.refunded)
    const problems: string[] = []
    if (Number(r.captured) !== Number(r.t_captured) || Number(r.refunded) !== Number(r.t_refunded) || Number(r.authorized) !== Number(r.t_authorized)) {
      problems.push(`${r.number}: amounts ${r.authorized}/${r.captured}/${r.refunded} differ from its transactions ${r.t_authorized}/${r.t_captured}/${r.t_refunded}`)
    }
    if (net < 0 || net > Number(r.total)) problems.push(`${r.number}: keeps ${net} of a total of ${r.total}`)
    if ((r.status === 'cancelled' || r.status === 'returned') && net !== 0) problems.push(`${r.number}: ${r.status} but keeps ${net}`)
    return problems
  })
}

/** History: each order's and delivery's status is where its last history entry took it. */
export async function historyViolations(db: Database): Promise<string[]> {
  const orders = await sql<{ number: string; status: string; last: string | null }>`
    select o.number, o.status,
      (select h.to_status from order_history h where h.order_id = o.id and h.type = 'transition' order by h.id desc limit 1) as last
    from orders o`.execute(db)
  const deliveries = await sql<{ number: string; status: string; kind: string; last: string | null }>`
    select d.number, d.status, d.kind,
      (select h.to_status from order_history h where h.delivery_id = d.id and h.type = 'delivery' order by h.id desc limit 1) as last
    from deliveries d`.execute(db)
  const initial: Record<string, string> = { standard: 'awaiting_allocation', electronic: 'awaiting_allocation', preorder: 'awaiting_date', backorder: 'awaiting_inventory' }
  return [
    ...orders.rows.filter((o) => o.last !== o.status).map((o) => `${o.number}: ${o.status} but its history ends at ${o.last}`),
    // A delivery cancelled with its order at placement (declined payment) has no entry of its own.
    ...deliveries.rows.filter((d) => (d.last ?? initial[d.kind]) !== d.status && !(d.last === null && d.status === 'cancelled'))
      .map((d) => `${d.number}: ${d.status} but its history ends at ${d.last}`),
  ]
}

/** No half-written order: lines, deliveries, and totals that add up. */
export async function completenessViolations(db: Database): Promise<string[]> {
  const { rows } = await sql<{ number: string; lines: number; deliveries: number; subtotal: number; line_sum: number; empty_live: number }>`
    select o.number, o.subtotal,
      (select count(*) from order_lines l where l.order_id = o.id)::int as lines,
      (select count(*) from deliveries d where d.order_id = o.id)::int as deliveries,
      (select coalesce(sum(l.amount), 0) from order_lines l where l.order_id = o.id)::bigint as line_sum,
      (select count(*) from deliveries d where d.order_id = o.id and d.status <> 'cancelled'
         and not exists (select 1 from delivery_lines dl where dl.delivery_id = d.id))::int as empty_live
    from orders o`.execute(db)
  return rows.flatMap((r) => [
    ...(r.lines === 0 || r.deliveries === 0 ? [`${r.number}: ${r.lines} lines, ${r.deliveries} deliveries`] : []),
    ...(Number(r.line_sum) !== Number(r.subtotal) ? [`${r.number}: lines add up to ${r.line_sum}, subtotal says ${r.subtotal}`] : []),
    ...(r.empty_live > 0 ? [`${r.number}: ${r.empty_live} live deliveries without lines`] : []),
  ])
}

export async function allViolations(db: Database, expectedOnHand?: Map<string, number>): Promise<string[]> {
  return [
    ...await stockViolations(db),
    ...(expectedOnHand ? await onHandViolations(db, expectedOnHand) : []),
    ...await moneyViolations(db),
    ...await historyViolations(db),
    ...await completenessViolations(db),
  ]
}
