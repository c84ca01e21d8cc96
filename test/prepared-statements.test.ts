/**
 * On PostgreSQL each query with parameters goes as a named prepared statement, so the server
 * parses it once per connection; a connection prepares at most 256 texts, and runs the rest
 * unnamed, so texts that vary cannot fill the server's memory. Transactions go over the wire
 * in fewer round trips (src/db/transaction-wire.ts): BEGIN with the first statement that
 * needs it, marked reads before it, and the COMMIT with the last write. PostgreSQL only.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOrdo, type Ordo } from './harness.ts'
import { writeTogether } from '../src/db/write-together.ts'
import { beforeBeginMark } from '../src/db/transaction-wire.ts'
import type { Database } from '../src/db/database.ts'

const onPostgres = Boolean(process.env.TEST_DATABASE_URL?.trim())

let ordo: Ordo
beforeAll(async () => { if (onPostgres) ordo = await startOrdo() })
afterAll(async () => { await ordo?.close() })

describe.runIf(onPostgres)('prepared statements', () => {
  it('prepares a query once on its connection, and at most 256 texts per connection', async () => {
    // One transaction: one connection, whose own prepared statements pg_prepared_statements lists.
    await ordo.db.transaction().execute(async (trx) => {
      const prepared = async () => Number((await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where name like 'ordo_%'`.execute(trx)).rows[0].n)
      const start = await prepared()
      for (let i = 0; i < 3; i++) expect((await sql<{ v: number }>`select ${i}::int + 1 as v`.execute(trx)).rows[0].v).toBe(i + 1)
      // The same text three times: one statement more (the count has no parameters: sent as it is).
      expect(await prepared()).toBe(start + 1)
      for (let i = 0; i < 300; i++) {
        expect((await sql<{ v: number }>`select ${i}::int + ${sql.raw(String(i))} as v`.execute(trx)).rows[0].v).toBe(2 * i)
      }
      expect(await prepared()).toBe(256)
    })
  })
})

describe.runIf(onPostgres)('the COMMIT sent behind a transaction\'s last write', () => {
  // A table of the schema no test here uses otherwise: a shop's number counter would do, but
  // audit-free rows keep the check plain.
  const probe = () => sql`create table if not exists commit_probe (id int primary key, note text not null)`.execute(ordo.db)
  const rowsOf = async () => (await sql<{ id: number }>`select id from commit_probe order by id`.execute(ordo.db)).rows.map((r) => r.id)
  const lastWrite = (trx: Database, ...ids: number[]) =>
    writeTogether(trx, [{ update: (db) => (db as any).insertInto('commit_probe').values(ids.map((id) => ({ id, note: 'n' }))) }], { last: true })

  it('commits the transaction with the write, earlier statements included', async () => {
    await probe()
    await ordo.db.transaction().execute(async (trx) => {
      await sql`insert into commit_probe values (1, 'before')`.execute(trx)
      await lastWrite(trx, 2)
    })
    expect(await rowsOf()).toEqual(expect.arrayContaining([1, 2]))
  })

  it('rolls everything back when the last write fails, and the connection serves the next transaction', async () => {
    await probe()
    const before = await rowsOf()
    // id 1 is there already: the write fails on the primary key.
    await expect(ordo.db.transaction().execute(async (trx) => {
      await sql`insert into commit_probe values (10, 'before')`.execute(trx)
      await lastWrite(trx, 11, 1)
    })).rejects.toMatchObject({ code: '23505' })
    expect(await rowsOf()).toEqual(before)
    // Every connection of the pool still works inside a transaction of its own.
    await Promise.all(Array.from({ length: 8 }, (_, i) => ordo.db.transaction().execute((trx) => lastWrite(trx, 100 + i))))
    expect(await rowsOf()).toEqual([...before, ...Array.from({ length: 8 }, (_, i) => 100 + i)])
  })

  it('refuses a statement after the last write instead of running it outside the transaction', async () => {
    await probe()
    await expect(ordo.db.transaction().execute(async (trx) => {
      await lastWrite(trx, 200)
      await sql`insert into commit_probe values (201, 'after')`.execute(trx)
    })).rejects.toThrow(/came after the transaction's last write/)
    const ids = await rowsOf()
    expect(ids).not.toContain(201)
  })
})

describe.runIf(onPostgres)('BEGIN sent with the first statement that needs it', () => {
  const probe = () => sql`create table if not exists begin_probe (id int primary key)`.execute(ordo.db)
  const idsOf = async () => (await sql<{ id: number }>`select id from begin_probe order by id`.execute(ordo.db)).rows.map((r) => r.id)
  // The id of the transaction the statement runs in: two statements outside a transaction have two.
  const xact = async (trx: Database, mark: string) =>
    (await sql<{ id: string }>`${sql.raw(mark)}select pg_current_xact_id()::text as id, ${1}::int as p`.execute(trx)).rows[0].id

  it('runs a marked read before BEGIN, and an unmarked one or any after a write inside the transaction', async () => {
    await probe()
    await ordo.db.transaction().execute(async (trx) => {
      const outside = [await xact(trx, beforeBeginMark), await xact(trx, beforeBeginMark)]
      expect(outside[0]).not.toBe(outside[1])
      const inside = await xact(trx, '')
      expect(inside).not.toBe(outside[1])
      // Now inside: a marked read runs in the transaction and sees its uncommitted row.
      await sql`insert into begin_probe values (1)`.execute(trx)
      expect(await xact(trx, beforeBeginMark)).toBe(inside)
      expect((await sql<{ n: number }>`${sql.raw(beforeBeginMark)}select count(*)::int as n from begin_probe where id = ${1}`.execute(trx)).rows[0].n).toBe(1)
    })
    expect(await idsOf()).toContain(1)
  })

  it('rolls back what the transaction wrote after a BEGIN it sent late', async () => {
    await probe()
    const before = await idsOf()
    await expect(ordo.db.transaction().execute(async (trx) => {
      await sql`${sql.raw(beforeBeginMark)}select 1 as one`.execute(trx)
      await sql`insert into begin_probe values (${20})`.execute(trx)
      throw new Error('changed my mind')
    })).rejects.toThrow('changed my mind')
    expect(await idsOf()).toEqual(before)
  })

  it('answers a first statement that fails in the write it shares with BEGIN, and every connection serves the next transaction', async () => {
    await probe()
    await sql`insert into begin_probe values (60) on conflict do nothing`.execute(ordo.db)
    const before = await idsOf()
    await expect(ordo.db.transaction().execute(async (trx) => {
      await sql`insert into begin_probe values (${60})`.execute(trx)
    })).rejects.toMatchObject({ code: '23505' })
    expect(await idsOf()).toEqual(before)
    await Promise.all(Array.from({ length: 8 }, (_, i) => ordo.db.transaction().execute(async (trx) => {
      await sql`insert into begin_probe values (${70 + i})`.execute(trx)
      expect((await sql<{ n: number }>`select count(*)::int as n from begin_probe where id = ${70 + i}`.execute(trx)).rows[0].n).toBe(1)
    })))
    expect(await idsOf()).toEqual([...before, ...Array.from({ length: 8 }, (_, i) => 70 + i)])
  })

  it('commits a last write that is its transaction\'s only statement; a failed one leaves nothing and the pool works on', async () => {
    await probe()
    const lastWrite = (trx: Database, ...ids: number[]) =>
      writeTogether(trx, [{ update: (db) => (db as any).insertInto('begin_probe').values(ids.map((id) => ({ id }))) }], { last: true })
    await ordo.db.transaction().execute(async (trx) => {
      await sql`${sql.raw(beforeBeginMark)}select 1 as one`.execute(trx)
      await lastWrite(trx, 30, 31)
    })
    expect(await idsOf()).toEqual(expect.arrayContaining([30, 31]))
    const before = await idsOf()
    // 30 is there: the whole statement fails, 32 with it.
    await expect(ordo.db.transaction().execute((trx) => lastWrite(trx, 32, 30))).rejects.toMatchObject({ code: '23505' })
    expect(await idsOf()).toEqual(before)
    await Promise.all(Array.from({ length: 8 }, (_, i) => ordo.db.transaction().execute(async (trx) => {
      await sql`insert into begin_probe values (${40 + i})`.execute(trx)
      await lastWrite(trx, 50 + i)
    })))
    expect(await idsOf()).toEqual([...before, ...Array.from({ length: 8 }, (_, i) => 40 + i), ...Array.from({ length: 8 }, (_, i) => 50 + i)].sort((a, b) => a - b))
  })
})
