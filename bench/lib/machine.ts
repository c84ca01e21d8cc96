/** What a result was measured on: the machine, the versions, the database settings. */
import os from 'node:os'
import pg from 'pg'

export async function describeMachine(databaseUrl?: string) {
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: null as null | Record<string, string>,
  }
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    try {
      const settings = await client.query<{ name: string; setting: string; unit: string | null }>(
        `select name, setting, unit from pg_settings where name in
          ('server_version', 'shared_buffers', 'synchronous_commit', 'fsync', 'max_connections', 'work_mem', 'wal_level')`)
      machine.postgres = Object.fromEntries(settings.rows.map((r) => [r.name, r.unit ? `${r.setting} ${r.unit}` : r.setting]))
    } finally {
      await client.end()
    }
  }
  return machine
}
