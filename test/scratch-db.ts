/** A throw-away database on a PostgreSQL server, for a test suite, a reliability run or a benchmark. */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** Creates `ordo_t_<random>` on the server of `serverUrl` (connecting to its database to do so). */
export async function createScratchDatabase(serverUrl: string, prefix = 'ordo_t'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`
  await onServer(serverUrl, `create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    // FORCE ends connections a test may have left behind (PostgreSQL 13+).
    drop: () => onServer(serverUrl, `drop database if exists ${name} with (force)`),
  }
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

