/**
 * Access paths for the questions that read many orders (issue 14, 1,000,000 orders):
 *
 * - orders_period: the orders of a period with the columns that rank customers and that the
 *   article report filters and shows, so both read the index alone (an index-only scan)
 *   instead of visiting the period's orders scattered over the whole table.
 * - order_lines_order_sku: an order's lines of given articles, with what the article
 *   report sums, so it goes from the period's orders to their lines without the table.
 * - analytics_customer_months: the analytics roll-up per shop, currency, local month and
 *   customer, for "by customer"; the shop's current month is read from the orders, so the
 *   months rolled up are complete ones (analytics_state.customer_months_to).
 * - order_customer_names: every distinct (customer, e-mail, name) that orders carry (an
 *   order keeps the e-mail and name it was placed with, and edits may change them). A
 *   search for part of a name or e-mail looks in these few rows first, then at the orders
 *   of the customers found, instead of in the trigram indexes of every order. Triggers keep
 *   it equal to the orders: rows added with new pairs, and a pair no order carries any
 *   more removed (an erasure leaves no trace of the old name here).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index orders_period on orders (created_at) include (id, shop_code, currency, status, customer_id, total, refunded, number, customer_name)`.execute(db)
  await sql`create index order_lines_order_sku on order_lines (order_id, sku) include (quantity, cancelled_quantity, amount, name)`.execute(db)

  await sql`
    create table analytics_customer_months (
      shop_code text not null,
      currency char(3) not null,
      month date not null,
      customer_id uuid not null,
      orders integer not null,
      revenue bigint not null,
      primary key (shop_code, currency, month, customer_id) include (orders, revenue)
    )`.execute(db)
  await sql`alter table analytics_state add column customer_months_to date`.execute(db)

  await sql`
    create table order_customer_names (
      customer_id uuid not null,
      email text not null,
      name text not null,
      -- What a search looks in: both, lower-cased, a line break between (never typed in a search).
      search text generated always as (lower(email) || chr(10) || lower(name)) stored,
      primary key (customer_id, email, name)
    )`.execute(db)
  await sql`create index order_customer_names_trgm on order_customer_names using gin (search gin_trgm_ops)`.execute(db)
  await sql`
    insert into order_customer_names (customer_id, email, name)
    select distinct customer_id, customer_email, customer_name from orders`.execute(db)
  await sql`analyze order_customer_names`.execute(db)

  // New orders, once per statement: a bulk insert of 50,000 orders adds its pairs in one go.
  await sql`
    create function order_customer_names_added() returns trigger language plpgsql as $$
    begin
      insert into order_customer_names (customer_id, email, name)
      select distinct customer_id, customer_email, customer_name from added
      on conflict do nothing;
      return null;
    end $$`.execute(db)
  await sql`
    create trigger orders_customer_names_insert after insert on orders
    referencing new table as added for each statement execute function order_customer_names_added()`.execute(db)

  // An order that changes customer, e-mail or name (reassignment, merge, edit, erasure).
  await sql`
    create function order_customer_names_changed() returns trigger language plpgsql as $$
    begin
      insert into order_customer_names (customer_id, email, name)
      values (new.customer_id, new.customer_email, new.customer_name)
      on conflict do nothing;
      delete from order_customer_names n
      where n.customer_id = old.customer_id and n.email = old.customer_email and n.name = old.customer_name
        and not exists (select 1 from orders o where o.customer_id = old.customer_id
                          and o.customer_email = old.customer_email and o.customer_name = old.customer_name);
      return null;
    end $$`.execute(db)
  await sql`
    create trigger orders_customer_names_update after update of customer_id, customer_email, customer_name on orders
    for each row when ((old.customer_id, old.customer_email, old.customer_name) is distinct from (new.customer_id, new.customer_email, new.customer_name))
    execute function order_customer_names_changed()`.execute(db)
}
