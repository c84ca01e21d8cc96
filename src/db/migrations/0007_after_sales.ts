/** Tables and columns for returns, refunds, order edits (A7-A10). */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // What was given back to the customer for returns and goodwill: it lowers what the order still asks for.
  await db.schema.alterTable('orders').addColumn('credited', 'integer', (c) => c.notNull().defaultTo(0)).execute()

  // Money paid back by the shop itself, not through the card gateway (A7).
  await sql`alter table payment_transactions drop constraint if exists payment_transactions_operation_check`.execute(db)
  await sql`alter table payment_transactions add constraint payment_transactions_operation_check
    check (operation in ('AUTH', 'AUTH_CAPTURE', 'CAPTURE', 'VOID', 'REFUND', 'OFFLINE', 'OVERRIDE', 'OFFLINE_REFUND'))`.execute(db)

  await db.schema.createTable('returns')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('order_id', 'uuid', (c) => c.notNull().references('orders.id'))
    .addColumn('shop_code', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('refunded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('returns_order_idx').on('returns').column('order_id').execute()
  await db.schema.createIndex('returns_shop_status_idx').on('returns').columns(['shop_code', 'status', 'created_at']).execute()

  await db.schema.createTable('return_lines')
    .addColumn('return_id', 'uuid', (c) => c.notNull().references('returns.id'))
    .addColumn('order_line_id', 'uuid', (c) => c.notNull())
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('received_quantity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('restocked_quantity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('written_off_quantity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warehouse_code', 'text')
    .addColumn('unit_value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('return_lines_pk', ['return_id', 'order_line_id'])
    .execute()
}
