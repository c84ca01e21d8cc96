/** Row types of the tables for vouchers and licence keys (A20, A21). */
// import type { ColumnType, Generated } from 'kysely'

export interface VoucherTables {}
