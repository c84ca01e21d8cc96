/** Row types of the tables for issue 9, security fixes. */
// import type { ColumnType, Generated } from 'kysely'

export interface SecurityTables {}
