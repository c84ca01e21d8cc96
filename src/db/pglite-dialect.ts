/**
 * A Kysely dialect over PGlite. PGlite is one connection in this process, so the
 * driver hands it out to one query or transaction at a time: a transaction holds
 * the connection until it commits, and everything else waits its turn.
 */
import {
  CompiledQuery, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler,
  type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult,
} from 'kysely'
import type { PGlite } from '@electric-sql/pglite'

export class PGliteDialect implements Dialect {
  readonly #pglite: PGlite
  constructor(pglite: PGlite) { this.#pglite = pglite }
  createAdapter() { return new PostgresAdapter() }
  createDriver(): Driver { return new PGliteDriver(this.#pglite) }
  createIntrospector(db: Kysely<any>) { return new PostgresIntrospector(db) }
  createQueryCompiler() { return new PostgresQueryCompiler() }
}

class PGliteDriver implements Driver {
  readonly #connection: PGliteConnection
  #queue: Promise<void> = Promise.resolve()

  constructor(pglite: PGlite) { this.#connection = new PGliteConnection(pglite) }

  async init() {}

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void
    const turn = new Promise<void>((r) => { release = r })
    const previous = this.#queue
    this.#queue = previous.then(() => turn)
    await previous
    this.#connection.release = release
    return this.#connection
  }

  async beginTransaction(conn: DatabaseConnection, settings: { isolationLevel?: string }) {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : ''
    await conn.executeQuery(CompiledQuery.raw(`begin${level}`))
  }
  async commitTransaction(conn: DatabaseConnection) { await conn.executeQuery(CompiledQuery.raw('commit')) }
  async rollbackTransaction(conn: DatabaseConnection) { await conn.executeQuery(CompiledQuery.raw('rollback')) }
  async releaseConnection(conn: DatabaseConnection) { (conn as PGliteConnection).release() }
  async destroy() { await this.#connection.pglite.close() }
}

class PGliteConnection implements DatabaseConnection {
  release: () => void = () => {}
  readonly pglite: PGlite
  constructor(pglite: PGlite) { this.pglite = pglite }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(query.sql, query.parameters as unknown[], { rowMode: 'object' })
    const affected = result.affectedRows
    return { rows: result.rows, ...(affected !== undefined && { numAffectedRows: BigInt(affected) }) }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(query)
  }
}
