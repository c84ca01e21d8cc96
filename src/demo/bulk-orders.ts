/**
 * Bulk history for large demo and benchmark databases (`ordo seed --orders 1000000`):
 * finished orders (completed, cancelled, returned) written set-based, straight in SQL,
 * a chunk per transaction. They hold no stock, so the live stock figures stay true; the
 * living part of the shop (open orders) comes from the demo data placed through the API.
 */
import { sql, type RawBuilder } from 'kysely'
import type { Database } from '../db/database.ts'
import { orderNumberSequence } from '../shops/shop.repo.ts'

const CHUNK = 50_000

export async function bulkOrders(db: Database, count: number, progress: (done: number) => void = () => {}): Promise<void> {
  await bulkCustomers(db, Math.min(20_000, Math.max(100, Math.floor(count / 50))))
  const shops = await db.selectFrom('shops').select(['code', 'currency', 'prices_include_tax', 'order_number_prefix']).execute()
  const products = await db.selectFrom('products').select(['sku', 'name', 'prices', 'tax_rate_bp']).where('kind', '=', 'physical').execute()
  const warehouse = await db.selectFrom('warehouses').select('code').orderBy('priority').executeTakeFirstOrThrow()
  for (let done = 0; done < count;) {
    const n = Math.min(CHUNK, count - done)
    const shop = shops[Math.floor(done / CHUNK) % shops.length]
    const priced = products.filter((p) => p.prices[shop.currency] !== undefined)
    await db.transaction().execute((trx) => insertChunk(trx, n, shop, priced, warehouse.code))
    done += n
    progress(done)
  }
  // What autovacuum does to a table some time after rows come in: statistics, and the
  // visibility map that lets index-only scans skip the table (reports rely on them).
  await sql`vacuum (analyze) customers, orders, order_lines, deliveries, delivery_lines, payment_transactions, order_history`.execute(db)
}

async function bulkCustomers(db: Database, n: number): Promise<void> {
  await sql`
    insert into customers (id, email, name, shops)
    select gen_random_uuid(), 'bulk' || i || '@example.test',
           (array['Anna','Luca','Mia','Noah','Lea','Elias','Sofia','Jonas','Emma','David'])[1 + i % 10] || ' ' ||
           (array['Müller','Meier','Schmid','Keller','Weber','Huber','Schneider','Meyer','Steiner','Fischer'])[1 + (i / 10) % 10] || ' ' || i,
           (select coalesce(array_agg(code), '{}') from shops)
    from generate_series(1, ${n}) as i
    on conflict do nothing`.execute(db)
}

type Shop = { code: string; currency: string; prices_include_tax: boolean; order_number_prefix: string }
type Product = { sku: string; name: string; prices: Record<string, number>; tax_rate_bp: number }

async function insertChunk(trx: Database, n: number, shop: Shop, products: Product[], warehouse: string): Promise<void> {
  const catalogue = JSON.stringify(products.map((p) => ({ sku: p.sku, name: p.name, price: p.prices[shop.currency], bp: p.tax_rate_bp })))
  await sql`create temporary table bulk on commit drop as
    with cat as (select row_number() over () - 1 as k, x.* from jsonb_to_recordset(${catalogue}::jsonb) as x(sku text, name text, price bigint, bp int)),
         cust as (select row_number() over () - 1 as k, id, email, name from customers where email like 'bulk%'),
         picks as (
           select i, random() as r,
                  date_trunc('milliseconds', now() - random() * interval '730 days') as at,
                  (select count(*) from cat) as cats, (select count(*) from cust) as custs
           from generate_series(1, ${n}) as i)
    select ${timeOrderedId(sql`p.at`)} as id, p.i, p.r, p.at,
           c.id as customer_id, c.email, c.name as customer_name,
           (array['Zürich','Bern','Basel','Genève','Lausanne','Luzern','St. Gallen','Lugano','Winterthur','Biel'])[1 + p.i % 10] as city,
           a.sku as sku_a, a.name as name_a, a.price as price_a, a.bp as bp_a,
           b.sku as sku_b, b.name as name_b, b.price as price_b, b.bp as bp_b,
           1 + (p.i % 3) as qty_a
    from picks p
    join cust c on c.k = p.i % p.custs
    join cat a on a.k = p.i % p.cats
    join cat b on b.k = (p.i * 7 + 3) % p.cats`.execute(trx)

  const total = sql`(price_a * qty_a + price_b)`
  const tax = sql`(round(price_a * qty_a * bp_a / (10000.0 + bp_a)) + round(price_b * bp_b / (10000.0 + bp_b)))::bigint`
  const status = sql`(case when r < 0.80 then 'completed' when r < 0.93 then 'cancelled' else 'returned' end)`
  await sql`
    insert into orders (id, shop_code, number, invoice_number, status, payment_status, customer_id, customer_email, customer_name,
      billing_address, shipping_address, address_text, currency, prices_include_tax, subtotal, tax, total,
      payment_method, capture_mode, capture_per, authorized, captured, refunded, source, created_at, updated_at)
    select id, ${shop.code}, ${shop.order_number_prefix} || nextval(${orderNumberSequence(shop.code)}::regclass), null, ${status},
      case when r < 0.80 then 'paid' when r < 0.93 then 'voided' else 'refunded' end,
      customer_id, email, customer_name,
      jsonb_build_object('name', customer_name, 'street', 'Bahnhofstrasse ' || (i % 200 + 1), 'postalCode', (1000 + i % 8999)::text, 'city', city, 'country', 'CH'),
      jsonb_build_object('name', customer_name, 'street', 'Bahnhofstrasse ' || (i % 200 + 1), 'postalCode', (1000 + i % 8999)::text, 'city', city, 'country', 'CH'),
      lower(customer_name || ' bahnhofstrasse ' || (i % 200 + 1) || ' ' || (1000 + i % 8999) || ' ' || city || ' ch'),
      ${shop.currency}, ${shop.prices_include_tax}, ${total}, ${tax}, ${total},
      'card', 'immediate', 'delivery',
      case when r < 0.93 and r >= 0.80 then 0 else ${total} end,
      case when r < 0.93 and r >= 0.80 then 0 else ${total} end,
      case when r >= 0.93 then ${total} else 0 end,
      'bulk', at, at
    from bulk`.execute(trx)
  await sql`
    insert into order_lines (id, order_id, line_no, sku, name, kind, quantity, unit_price, tax_rate_bp, amount, tax)
    select gen_random_uuid(), id, 1, sku_a, name_a, 'physical', qty_a, price_a, bp_a, price_a * qty_a, round(price_a * qty_a * bp_a / (10000.0 + bp_a))::bigint from bulk
    union all
    select gen_random_uuid(), id, 2, sku_b, name_b, 'physical', 1, price_b, bp_b, price_b, round(price_b * bp_b / (10000.0 + bp_b))::bigint from bulk`.execute(trx)
  await sql`
    insert into deliveries (id, order_id, number, kind, status, warehouse_code, amount, carrier, tracking_number, shipped_at, delivered_at, created_at, updated_at)
    select gen_random_uuid(), b.id, o.number || '-1', 'standard',
      case when r < 0.80 then 'delivered' when r < 0.93 then 'cancelled' else 'returned' end,
      ${warehouse}, ${total}, case when r < 0.80 or r >= 0.93 then 'Post CH' end,
      case when r < 0.80 or r >= 0.93 then 'TRK' || i end,
      case when r < 0.80 or r >= 0.93 then at + interval '1 day' end,
      case when r < 0.80 or r >= 0.93 then at + interval '3 days' end, at, at
    from bulk b join orders o on o.id = b.id`.execute(trx)
  await sql`
    insert into delivery_lines (delivery_id, order_line_id, sku, quantity)
    select d.id, l.id, l.sku, l.quantity from bulk b join deliveries d on d.order_id = b.id join order_lines l on l.order_id = b.id`.execute(trx)
  await sql`
    insert into payment_transactions (id, order_id, operation, amount, currency, status, reference, actor_kind, actor_id, actor_name, created_at)
    select gen_random_uuid(), id, case when r < 0.80 or r >= 0.93 then 'AUTH_CAPTURE' else 'AUTH' end, ${total}, ${shop.currency}, 'succeeded', 'bulk', 'system', 'seed', 'seed', at from bulk
    union all
    select gen_random_uuid(), id, case when r >= 0.93 then 'REFUND' else 'VOID' end, ${total}, ${shop.currency}, 'succeeded', 'bulk', 'system', 'seed', 'seed', at + interval '5 days'
    from bulk where r >= 0.80`.execute(trx)
  await sql`
    insert into order_history (order_id, type, action, from_status, to_status, actor_kind, actor_id, actor_name, at)
    select id, 'transition', 'place', null, 'in_progress', 'system', 'seed', 'seed', at from bulk
    union all
    select id, 'transition', case when r < 0.80 then 'deliveries' when r < 0.93 then 'cancel' else 'return' end, 'in_progress',
      ${status}, 'system', 'seed', 'seed', at + interval '3 days' from bulk`.execute(trx)
}

/**
 * A UUID version 7 stamped with the placement time in SQL, as `uuidv7()` gives orders
 * placed through the API: a period's orders, and their lines in indexes led by the order
 * id, then lie together instead of all over the index.
 */
function timeOrderedId(at: RawBuilder<unknown>): RawBuilder<string> {
  const ms = sql`lpad(to_hex((extract(epoch from ${at}) * 1000)::bigint), 12, '0')`
  return sql<string>`(substr(${ms}, 1, 8) || '-' || substr(${ms}, 9, 4) || '-7' || substr(gen_random_uuid()::text, 16))::uuid`
}
