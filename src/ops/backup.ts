/**
 * `ordo backup --out FILE` and `ordo restore FILE`. On the embedded database the backup is
 * PGlite's own dump of its data folder (a gzipped tar); on PostgreSQL it is pg_dump's
 * custom format, restored with pg_restore. The file's first bytes say which it is, so a
 * backup is never restored into the other kind of database.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, renameSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'

export interface BackupTarget {
  /** PostgreSQL server; absent for the embedded database in `dataDir`. */
  databaseUrl?: string
  dataDir: string
}

export type BackupKind = 'pglite' | 'postgres'

/** Writes a backup of the database to `out`; returns its kind and size in bytes. */
export async function backupDatabase(target: BackupTarget, out: string): Promise<{ kind: BackupKind; bytes: number }> {
  if (target.databaseUrl) {
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${out}`, `--dbname=${target.databaseUrl}`])
    return { kind: 'postgres', bytes: (await readFile(out)).length }
  }
  if (!existsSync(target.dataDir) || readdirSync(target.dataDir).length === 0) throw new Error(`There is no database in ${target.dataDir}`)
  // PGlite takes its folder for itself: a running `ordo serve` on the same folder must be stopped first.
  const pglite = await PGlite.create(target.dataDir, { extensions: { pg_trgm } })
  try {
    const dump = await pglite.dumpDataDir('gzip')
    const bytes = Buffer.from(await dump.arrayBuffer())
    await writeFile(out, bytes)
    return { kind: 'pglite', bytes: bytes.length }
  } finally {
    await pglite.close()
  }
}

/**
 * Restores a backup. PostgreSQL: pg_restore --clean into the configured database (its
 * tables are replaced). Embedded: the data folder is loaded from the dump; an existing
 * folder is kept beside it as `<dir>.before-restore-<time>`. Returns where that went.
 */
export async function restoreDatabase(target: BackupTarget, file: string): Promise<{ kind: BackupKind; keptAs?: string }> {
  const data = await readFile(file)
  const kind = kindOf(data)
  if (target.databaseUrl) {
    if (kind !== 'postgres') throw new Error(`${file} is a backup of the embedded database, not of PostgreSQL`)
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${target.databaseUrl}`, file])
    return { kind }
  }
  if (kind !== 'pglite') throw new Error(`${file} is a PostgreSQL backup (pg_dump), not of the embedded database`)
  let keptAs: string | undefined
  if (existsSync(target.dataDir) && readdirSync(target.dataDir).length > 0) {
    keptAs = `${target.dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`
    renameSync(target.dataDir, keptAs)
  }
  const pglite = await PGlite.create(target.dataDir, { extensions: { pg_trgm }, loadDataDir: new Blob([data]) })
  try {
    await pglite.query('select 1')
  } finally {
    await pglite.close()
  }
  return { kind, keptAs }
}

function kindOf(data: Buffer): BackupKind {
  if (data.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres'
  if (data[0] === 0x1f && data[1] === 0x8b) return 'pglite'
  throw new Error('This file is not an Ordo backup (neither a pg_dump archive nor a PGlite dump)')
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => { stderr += chunk })
    child.on('error', (error) => reject(new Error(`${command} could not be started (${error.message}): install the PostgreSQL client tools`)))
    child.on('exit', (code) => code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}): ${stderr.trim()}`)))
  })
}
