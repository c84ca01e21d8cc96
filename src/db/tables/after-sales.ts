/** Row types of the tables for returns, refunds, order edits (A7-A10). */
// import type { ColumnType, Generated } from 'kysely'

export interface AfterSalesTables {}
