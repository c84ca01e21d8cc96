/** Row types of the tables for two-phase payments and operations (A33). */
// import type { ColumnType, Generated } from 'kysely'

export interface OperationsTables {}
