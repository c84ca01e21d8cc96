#!/usr/bin/env node
// The `ordo` command (`npx ordo ...`). Node 24 runs the TypeScript source as it is. Node's
// compile cache keeps each module's compiled code in the system's temporary folder, checked
// against the source: from the second run on, `ordo --help` runs in half the time and `ordo
// export` peaks 12-17 MiB lower (bench/README.md).
// Imported only after it is on, so that it covers main.ts and everything main.ts loads.
import { enableCompileCache } from 'node:module'

relaunchExportSmall()
enableCompileCache()
await import('../src/main.ts')

/**
 * `ordo export` streams for as long as the export is, and should stay small: it becomes
 * (execve, the same process) Node started with what can only be set at start-up. One malloc
 * arena instead of one per thread that allocates (glibc reads MALLOC_ARENA_MAX when the
 * process starts), a young generation of 1 MiB per half, and one V8 worker thread.
 * On PGlite with 10,000 orders: 144-149 MiB without, 138-139 with (bench/README.md).
 */
function relaunchExportSmall() {
  if (process.argv[2] !== 'export' || process.env.ORDO_EXPORT_RELAUNCHED === '1') return
  // execve is missing on Windows: there the export runs as it was started.
  if (process.platform === 'win32' || typeof process.execve !== 'function') return
  const flags = ['--max-semi-space-size=1', '--v8-pool-size=1', '--expose-gc']
  const env = { ...process.env, ORDO_EXPORT_RELAUNCHED: '1', MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '1' }
  process.execve(process.execPath, [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)], env)
}
