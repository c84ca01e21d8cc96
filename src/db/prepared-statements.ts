/**
 * PostgreSQL clients that send each parameterised query as a named prepared statement.
 *
 * An order placement runs ten statements, and PostgreSQL spent more time parsing and
 * planning them than running them (1.7 ms of planning against 3.3 ms of execution an order,
 * measured with pg_stat_statements). A prepared statement is parsed once per connection, and
 * after five runs PostgreSQL keeps a generic plan when it is no worse than a fresh one.
 *
 * The name is a hash of the text, so one text is one statement and two texts never share a
 * name. Each connection prepares at most `perConnection` texts, and runs any further ones
 * unnamed as before: texts that vary (IN lists of any length) cannot fill a server's memory.
 * The busiest texts come first on a new connection, and the pool replaces idle connections.
 * Queries without parameters (BEGIN, migrations of several statements) are sent as they are.
 */
import { createHash } from 'node:crypto'
import type { PostgresPool, PostgresPoolClient } from 'kysely'
import type pg from 'pg'

const names = new Map<string, string>()

/**
 * Starts a statement that is its transaction's last: the COMMIT is sent right behind it
 * (Together.last in write-together.ts). A comment, so any other client runs it unchanged.
 */
export const commitBehindMark = '/* last write */ '

function nameOf(text: string): string {
  let name = names.get(text)
  if (name === undefined) {
    name = `ordo_${createHash('sha1').update(text).digest('base64url')}`
    // Texts that vary without end must not grow the map without end either.
    if (names.size > 10_000) names.clear()
    names.set(text, name)
  }
  return name
}

export function preparingPool(pool: pg.Pool, perConnection = 256): PostgresPool {
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>()
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const prepared = new Set<string>()
    // The COMMIT sent behind a transaction's last write (commitBehindMark), until the transaction asks for it.
    let committing: Promise<unknown> | null = null
    const send = (text: string, parameters: unknown[]): Promise<unknown> => {
      if (!parameters.length) return client.query(text, parameters)
      const name = nameOf(text)
      if (!prepared.has(name)) {
        if (prepared.size >= perConnection) return client.query(text, parameters)
        prepared.add(name)
      }
      return client.query({ name, text, values: parameters })
    }
    return {
      query(textOrCursor: any, parameters?: ReadonlyArray<unknown>): any {
        if (typeof textOrCursor !== 'string') return client.query(textOrCursor, parameters as unknown[])
        const values = (parameters ?? []) as unknown[]
        if (committing) return afterCommitBehind(textOrCursor)
        if (!textOrCursor.startsWith(commitBehindMark)) return send(textOrCursor, values)
        const written = send(textOrCursor, values)
        // Queued now, the COMMIT goes out from pg's socket handler as soon as the write's answer
        // is in: no turn of the event loop between them. A write that failed makes PostgreSQL
        // answer it ROLLBACK.
        committing = client.query('commit')
        committing.catch(() => {})
        return written
      },
      release: () => {
        committing = null
        client.release()
      },
    }

    /** What comes after a marked last write: the transaction's COMMIT is answered by the one already sent; its ROLLBACK (the write failed) waits for it. */
    async function afterCommitBehind(text: string) {
      const commit = committing!
      committing = null
      const command = text.trim().toLowerCase()
      if (command === 'commit') return commit
      await commit.catch(() => {})
      if (command === 'rollback') return client.query('rollback')
      throw new Error(`"${text.slice(0, 60)}" came after the transaction's last write, which committed it`)
    }
  }
  return {
    async connect() {
      const client = await pool.connect()
      let wrapper = wrappers.get(client)
      if (!wrapper) wrappers.set(client, wrapper = wrap(client))
      return wrapper
    },
    end: () => pool.end(),
  }
}
