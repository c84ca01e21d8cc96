/**
 * Writes to several tables in one statement: every write but the last is a data-modifying
 * CTE of the last one. One round trip instead of one per table. Foreign keys are checked
 * at the end of the statement, so a child row may come with its parent; no two writes may
 * touch the same row (PostgreSQL leaves the outcome of that open).
 */
import { CompiledQuery, type Insertable, type Kysely, type QueryCreator, type UpdateQueryBuilder } from 'kysely'
import type { Database } from './database.ts'
import { commitBehindMark } from './transaction-wire.ts'
import { fillingIn, numberColumn, takenNumber, type NumberAtWrite } from './number-at-write.ts'
import type { DB } from './schema.ts'

/** Rows to insert into one table. */
export type Insert = { [T in keyof DB]: { into: T; rows: Insertable<DB[T]>[] } }[keyof DB]
/** An update, built on the statement's query creator. */
export interface Update { update: (db: QueryCreator<DB>) => UpdateQueryBuilder<DB, any, any, any> }
export type Write = Insert | Update

export interface Together {
  /**
   * The transaction's last statement: on PostgreSQL its COMMIT goes in the same socket write
   * (transaction-wire.ts), so the rows it locks (a shop's invoice counter, stock) are held for
   * the write and the commit only, not also until a busy server reads the write's answer.
   * Nothing may run in the transaction after it.
   */
  last?: boolean
  /** A number (the invoice's) the statement takes and fills in (number-at-write.ts). */
  number?: NumberAtWrite
}

export async function writeTogether(trx: Database, writes: Write[], together: Together = {}): Promise<void> {
  const parts = writes.filter((w) => 'update' in w || w.rows.length > 0)
  const { number } = together
  const last = number ? undefined : parts.pop()
  if (!last && !number) return
  // The tables vary at run time, which Kysely's types cannot follow: Insert checks each row instead.
  let query = trx as unknown as QueryCreator<any>
  if (number) query = (query as Kysely<any>).with(takenNumber, (db) => number.counter(db))
  parts.forEach((w, i) => { query = (query as Kysely<any>).with(`write_${i}`, (db) => built(db, w)) })
  // With a number to take, every write is a CTE and the statement answers the number.
  const statement = last ? built(query, last) : query.selectNoFrom(numberColumn)
  if (!together.last && !number) {
    await statement.execute()
    return
  }
  let compiled = statement.compile()
  if (number) compiled = fillingIn(compiled, number)
  const { rows } = await trx.executeQuery(CompiledQuery.raw((together.last ? commitBehindMark : '') + compiled.sql, [...compiled.parameters]))
  if (!number) return
  const taken = (rows[0] as { number: string | null } | undefined)?.number
  if (taken == null) throw new Error('The shop\'s number counter gave no number')
  number.taken(taken)
}

function built(db: QueryCreator<any>, write: Write) {
  return 'update' in write ? write.update(db) : db.insertInto(write.into).values(write.rows)
}
