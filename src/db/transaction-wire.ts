/**
 * How a transaction goes over the wire to PostgreSQL, in fewer round trips than Kysely's
 * BEGIN, statements and COMMIT, each sent once the one before is answered. A round trip is
 * a turn of the event loop, a socket write and a wake-up of the database's process.
 *
 * - BEGIN is owed, not sent, until a statement needs the transaction. It then goes in one
 *   socket write with that statement.
 * - A read marked `beforeBeginMark` that comes while BEGIN is owed runs before it. It takes
 *   no lock, and at READ COMMITTED (what BEGIN opens; other levels are asked with
 *   START TRANSACTION, which is sent as it is) each statement sees a snapshot of its own
 *   inside a transaction as well as outside it.
 * - A transaction's last write (`commitBehindMark`) goes in one socket write with its COMMIT:
 *   the rows it locks (a shop's invoice counter, stock) are held for the write and the commit
 *   only, not also until this process, busy with other requests, reads the write's answer.
 *   When BEGIN is still owed, the write is the transaction's only statement: it runs alone,
 *   a statement being atomic, with no BEGIN and no COMMIT.
 * - A transaction that ran nothing (BEGIN still owed at its COMMIT or ROLLBACK) costs nothing.
 */
import type pg from 'pg'

/** Starts a statement that is its transaction's last (Together.last in write-together.ts). A comment, so any other client runs it unchanged. */
export const commitBehindMark = '/* last write */ '

/**
 * Starts a statement that may run before its transaction's BEGIN: one that takes no lock and
 * writes nothing a rollback would undo (a plain read, a sequence's next value).
 */
export const beforeBeginMark = '/* before begin */ '

type Send = (text: string, values: unknown[]) => Promise<unknown>

export interface TransactionWire {
  query(text: string, values: unknown[]): Promise<unknown>
  /** Sends the BEGIN owed, before a query the wire does not see (a cursor). */
  flush(): void
  /** The connection goes back to the pool. */
  reset(): void
}

const answered = (command: string) => Promise.resolve({ command, rowCount: null, rows: [] })
const commandOf = (text: string) => text.length < 16 ? text.trim().toLowerCase() : ''

export function transactionWire(client: pg.PoolClient, send: Send): TransactionWire {
  let owedBegin = false
  // Once the last write went out: what answers the transaction's COMMIT (the COMMIT sent with
  // it, or the write itself when it ran alone), and whether a transaction is open.
  let finished: { settled: Promise<unknown>; open: boolean } | null = null

  const settling = (settled: Promise<unknown>, open: boolean) => {
    settled.catch(() => {})
    finished = { settled, open }
  }

  return {
    query(text, values) {
      if (finished) return afterLastWrite(text)
      const command = commandOf(text)
      if (command === 'begin') {
        owedBegin = true
        return answered('BEGIN')
      }
      if (owedBegin) {
        if (command === 'commit' || command === 'rollback') {
          owedBegin = false
          return answered(command.toUpperCase())
        }
        if (text.startsWith(beforeBeginMark)) return send(text, values)
        if (text.startsWith(commitBehindMark)) {
          owedBegin = false
          const written = send(text, values)
          settling(written, false)
          return written
        }
        owedBegin = false
        const [begun, result] = inOneWrite(client, () => [client.query('begin'), send(text, values)])
        begun.catch(() => {})
        result.catch(() => {})
        // BEGIN fails only with its connection, which fails the statement too.
        return begun.then(() => result)
      }
      if (!text.startsWith(commitBehindMark)) return send(text, values)
      // PostgreSQL runs the COMMIT as soon as the write is done, with no wait for this process
      // to read the answer. A write that failed makes it answer the COMMIT with ROLLBACK.
      const [written, commit] = inOneWrite(client, () => [send(text, values), client.query('commit')])
      settling(commit, true)
      return written
    },
    flush() {
      if (!owedBegin) return
      owedBegin = false
      client.query('begin').catch(() => {})
    },
    reset() {
      owedBegin = false
      finished = null
    },
  }

  /** After the last write: COMMIT is answered by what settles the transaction; ROLLBACK (the write failed) waits for it. */
  async function afterLastWrite(text: string) {
    const { settled, open } = finished!
    finished = null
    const command = commandOf(text)
    if (command === 'commit') return settled
    await settled.catch(() => {})
    if (command === 'rollback') return open ? client.query('rollback') : answered('ROLLBACK')
    throw new Error(`"${text.slice(0, 60)}" came after the transaction's last write, which committed it`)
  }
}

/**
 * Sends the queries `submit` starts in one socket write, none waiting for the answer to the
 * one before: pg's pipeline mode, on for them alone (a cursor cannot share it), and off again
 * once the last is answered, before whoever waits for that answer runs.
 */
function inOneWrite<T extends Promise<unknown>[]>(client: pg.PoolClient, submit: () => T): T {
  const pipelining = client as unknown as { pipeline: boolean; connection: { stream: { cork(): void; uncork(): void } } }
  const { stream } = pipelining.connection
  pipelining.pipeline = true
  stream.cork()
  let sent: T
  try {
    sent = submit()
  } catch (error) {
    pipelining.pipeline = false
    throw error
  } finally {
    stream.uncork()
  }
  sent[sent.length - 1].finally(() => { pipelining.pipeline = false }).catch(() => {})
  return sent
}
