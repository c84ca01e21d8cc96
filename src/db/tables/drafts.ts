/** Row types of the tables for draft orders, quotes, consultation requests (A16-A19). */
// import type { ColumnType, Generated } from 'kysely'

export interface DraftTables {}
