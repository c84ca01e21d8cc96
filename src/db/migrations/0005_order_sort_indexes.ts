/**
 * The order list can be sorted by each of its columns and paged on (column, id): an
 * index per sort key keeps the first and the thousandth page as cheap on a million orders.
 */
import { sql, type Kysely } from 'kysely'

const sortColumns = ['number', 'customer_name', 'status', 'payment_status', 'total', 'captured']

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of sortColumns) {
    await sql`create index ${sql.id(`orders_sort_${column}`)} on orders (${sql.id(column)}, id)`.execute(db)
  }
}
