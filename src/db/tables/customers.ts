/** Row types of the tables for customers, search and analytics (A12, A13, A27, A28). */
// import type { ColumnType, Generated } from 'kysely'

export interface CustomerTables {}
