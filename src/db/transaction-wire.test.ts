import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { beforeBeginMark, commitBehindMark, transactionWire } from './transaction-wire.ts'

/**
 * A connection that records what reaches the server, in order, and which texts went in one
 * socket write; a text with "fails" is refused.
 */
function connection() {
  const writes: string[][] = []
  const sent: string[] = []
  let corked: string[] | null = null
  const query = (text: string) => {
    sent.push(text)
    if (corked) corked.push(text)
    else writes.push([text])
    return text.includes('fails') ? Promise.reject(new Error(`refused: ${text}`)) : Promise.resolve({ command: 'X', rowCount: 0, rows: [] })
  }
  const stream = { cork: () => { corked = [] }, uncork: () => { writes.push(corked!); corked = null } }
  const client = { query, pipeline: false, connection: { stream } }
  const wire = transactionWire(client as unknown as pg.PoolClient, (text) => query(text))
  return {
    wire, writes, sent, client,
    run: (...texts: string[]) => texts.reduce<Promise<unknown>>((p, t) => p.then(() => wire.query(t, [])), Promise.resolve()),
  }
}

const read = `${beforeBeginMark}select 1`
const last = `${commitBehindMark}insert into t values (2)`

describe('a transaction on the wire', () => {
  it('sends nothing for a transaction that ran nothing', async () => {
    const { run, sent } = connection()
    await run('begin', 'commit')
    await run('begin', 'rollback')
    expect(sent).toEqual([])
  })

  it('runs marked reads before BEGIN, and sends BEGIN in one write with the first statement that needs it', async () => {
    const { run, writes, client } = connection()
    await run('begin', read, 'update t set n = 1', read, 'commit')
    expect(writes).toEqual([[read], ['begin', 'update t set n = 1'], [read], ['commit']])
    // Pipelining was for the pair alone.
    expect(client.pipeline).toBe(false)
  })

  it('runs a last write that is the only statement alone, with no BEGIN and no COMMIT', async () => {
    const { run, sent } = connection()
    await run('begin', read, last, 'commit')
    expect(sent).toEqual([read, last])
  })

  it('sends the COMMIT in one write with a last write that follows other statements', async () => {
    const { wire, writes, client } = connection()
    await wire.query('begin', [])
    await wire.query('update t set n = 1', [])
    const written = wire.query(last, [])
    expect(writes).toEqual([['begin', 'update t set n = 1'], [last, 'commit']])
    expect(client.pipeline).toBe(true)
    await written
    await wire.query('commit', [])
    expect(writes.flat()).toHaveLength(4)
    expect(client.pipeline).toBe(false)
  })

  it('rolls back a failed last write: nothing to send when it ran alone, ROLLBACK when a transaction was open', async () => {
    const alone = connection()
    const failing = `${commitBehindMark}insert into t values (fails)`
    await expect(alone.run('begin', failing)).rejects.toThrow(/refused/)
    await alone.run('rollback')
    expect(alone.sent).toEqual([failing])

    const open = connection()
    await expect(open.run('begin', 'update t set n = 1', failing)).rejects.toThrow(/refused/)
    await open.run('rollback')
    expect(open.sent).toEqual(['begin', 'update t set n = 1', failing, 'commit', 'rollback'])
  })

  it('refuses a statement after the last write: it would run outside the transaction', async () => {
    const { run, sent } = connection()
    await expect(run('begin', last, 'update t set n = 3')).rejects.toThrow(/came after the transaction's last write/)
    expect(sent).toEqual([last])
  })

  it('sends the BEGIN owed before a query it does not see (a cursor)', () => {
    const { wire, sent } = connection()
    void wire.query('begin', [])
    wire.flush()
    expect(sent).toEqual(['begin'])
  })

  it('owes nothing on a connection back from the pool', async () => {
    const { wire, run, sent } = connection()
    await run('begin')
    wire.reset()
    await run('select 2')
    expect(sent).toEqual(['select 2'])
  })
})
