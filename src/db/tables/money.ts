/** Row types of the tables for tax classes and rates, discount codes, shop legal and bank settings, documents, dunning (A1, A2, A15, A26). */
// import type { ColumnType, Generated } from 'kysely'

export interface MoneyTables {}
