/**
 * Writes to several tables in one statement: every write but the last is a data-modifying
 * CTE of the last one. One round trip instead of one per table. Foreign keys are checked
 * at the end of the statement, so a child row may come with its parent; no two writes may
 * touch the same row (PostgreSQL leaves the outcome of that open).
 */
import type { Insertable, Kysely, QueryCreator, UpdateQueryBuilder } from 'kysely'
import type { Database } from './database.ts'
import type { DB } from './schema.ts'

/** Rows to insert into one table. */
export type Insert = { [T in keyof DB]: { into: T; rows: Insertable<DB[T]>[] } }[keyof DB]
/** An update, built on the statement's query creator. */
export interface Update { update: (db: QueryCreator<DB>) => UpdateQueryBuilder<DB, any, any, any> }
export type Write = Insert | Update

export async function writeTogether(trx: Database, writes: Write[]): Promise<void> {
  const parts = writes.filter((w) => 'update' in w || w.rows.length > 0)
  const last = parts.pop()
  if (!last) return
  // The tables vary at run time, which Kysely's types cannot follow: Insert checks each row instead.
  let query = trx as unknown as QueryCreator<any>
  parts.forEach((w, i) => { query = (query as Kysely<any>).with(`write_${i}`, (db) => built(db, w)) })
  await built(query, last).execute()
}

function built(db: QueryCreator<any>, write: Write) {
  return 'update' in write ? write.update(db) : db.insertInto(write.into).values(write.rows)
}
